/*
 * serve.c: veto-serve, the page and the JSON API of veto over HTTP (GNU
 * libmicrohttpd). A separate program, as veto-mpi is, so that libveto, veto
 * and the sanitizer and fuzz builds stay free of it.
 *
 *   GET  /                 the page (assets embedded at build time)
 *   GET  /app.js, /app.css its script and style
 *   GET  /api/examples     the bundled examples, as JSON
 *   POST /api/<what>       analyse, power, compare, explain, sweep, design
 *
 * Meant to be reachable by others: bounded request size, players, time,
 * concurrent analyses and memory per analysis; the Host header is checked
 * (DNS rebinding), a POST must be application/json, no CORS headers are
 * sent, and nothing on disk is read or written on a request's behalf.
 */
#include "api.h"
#include "assets.h"

#include <veto.h>

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
    "usage: veto-serve [--port N] [--bind ADDR] [options]\n"
    "       veto serve [--port N] [--bind ADDR] [options]\n"
    "\n"
    "Serve the veto page and its JSON API (POST /api/analyse, power,\n"
    "compare, explain, sweep, design) on http://ADDR:N/.\n"
    "\n"
    "options:\n"
    "  --port N            TCP port (default 8080; 0 picks a free one)\n"
    "  --bind ADDR         IPv4 address to listen on (default 127.0.0.1)\n"
    "  --allow-host NAME   also accept requests whose Host is NAME (a name\n"
    "                      under which others reach the server; repeatable)\n"
    "  --timeout SECONDS   time per request (default 5; 0: none, for tests)\n"
    "  --jobs N            analyses at once (default 2); others wait up to\n"
    "                      --queue-wait seconds (default 2), then get 503\n"
    "  --max-body BYTES    request body (default 1048576); larger gets 413\n"
    "  --max-players N     players in one model (default 100000)\n"
    "  --max-memory BYTES  memory per analysis (default 268435456)\n"
    "  --threads N         connection threads (default 4)\n"
    "  -h, --help          this text\n"
    "  --version           the version\n";

typedef struct server {
    serve_config_t cfg;
    char *hosts[40];
    size_t nhosts;
} server_t;

typedef struct conn {
    bool post;
    bool too_large;
    bool refused;
    char *body;
    size_t len, cap;
} conn_t;

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status,
                                  const char *type, const void *data,
                                  size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, mode);
    if (r == NULL) {
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; "
                            "style-src 'self' 'unsafe-inline'; "
                            "frame-src 'self'; frame-ancestors 'none'; "
                            "form-action 'none'; base-uri 'none'");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply_t *rep)
{
    if (rep->body == NULL) {
        static const char oom[] = "{\"error\": {\"status\": \"memory\", "
                                  "\"message\": \"out of memory\"}}\n";
        return send_bytes(c, 503, "application/json", oom, sizeof oom - 1,
                          MHD_RESPMEM_PERSISTENT);
    }
    /* MHD frees the body with free() once sent */
    return send_bytes(c, rep->status, rep->type, rep->body, rep->len,
                      MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned http,
                                  const char *status, const char *message)
{
    serve_reply_t rep;
    memset(&rep, 0, sizeof rep);
    serve_error(&rep, http, status, message);
    return send_reply(c, &rep);
}

/* Host must be one of ours: localhost, 127.0.0.1, [::1], the bind address
 * or an --allow-host name, with or without the port. A page of another
 * site whose name was rebound to 127.0.0.1 sends its own name. */
static bool host_ok(const server_t *s, const char *host)
{
    if (host == NULL || host[0] == '\0' || strlen(host) > 255) {
        return false;
    }
    char name[256];
    strcpy(name, host);
    char *colon = name[0] == '[' ? strchr(name, ']') : strrchr(name, ':');
    if (name[0] == '[' && colon != NULL) {
        colon = colon[1] == ':' ? colon + 1 : NULL;
        if (colon == NULL && name[strlen(name) - 1] != ']') {
            return false;
        }
    }
    if (colon != NULL) {
        for (const char *p = colon + 1; *p != '\0'; p++) {
            if (*p < '0' || *p > '9') {
                return false;
            }
        }
        *colon = '\0';
    }
    for (size_t k = 0; k < s->nhosts; k++) {
        if (strcasecmp(name, s->hosts[k]) == 0) {
            return true;
        }
    }
    return false;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_len, void **state)
{
    server_t *s = cls;
    (void)version;
    conn_t *k = *state;
    if (k == NULL) {
        k = calloc(1, sizeof *k);
        if (k == NULL) {
            return MHD_NO;
        }
        *state = k;
        k->post = strcmp(method, "POST") == 0;
        const char *host =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
        if (!host_ok(s, host)) {
            k->refused = true;
            return send_error(c, 403, "host", "this server answers only "
                                              "under its own name (Host "
                                              "header refused)");
        }
        if (k->post) {
            if (strncmp(url, "/api/", 5) != 0) {
                k->refused = true;
                return send_error(c, 404, "request", "no such endpoint");
            }
            const char *type = MHD_lookup_connection_value(
                c, MHD_HEADER_KIND, "Content-Type");
            size_t tl = strlen("application/json");
            if (type == NULL || strncasecmp(type, "application/json", tl) != 0
                || (type[tl] != '\0' && type[tl] != ';' && type[tl] != ' ')) {
                k->refused = true;
                return send_error(c, 415, "request", "the body must be sent "
                                                     "as Content-Type: "
                                                     "application/json");
            }
            const char *cl = MHD_lookup_connection_value(
                c, MHD_HEADER_KIND, "Content-Length");
            if (cl != NULL && strtoull(cl, NULL, 10) > s->cfg.max_body) {
                k->refused = true;
                return send_error(c, 413, "too_large", "the request body is "
                                                       "larger than this "
                                                       "server takes");
            }
        }
        return MHD_YES;
    }
    if (k->refused) {
        *upload_len = 0; /* the answer is queued; drop the rest */
        return MHD_YES;
    }
    if (k->post && *upload_len > 0) {
        if (!k->too_large && k->len + *upload_len > s->cfg.max_body) {
            k->too_large = true;
            free(k->body);
            k->body = NULL;
        }
        if (!k->too_large) {
            if (k->len + *upload_len + 1 > k->cap) {
                size_t ncap = (k->len + *upload_len + 1) * 2;
                if (ncap > s->cfg.max_body + 1) {
                    ncap = s->cfg.max_body + 1;
                }
                char *nb = realloc(k->body, ncap);
                if (nb == NULL) {
                    return MHD_NO;
                }
                k->body = nb;
                k->cap = ncap;
            }
            memcpy(k->body + k->len, upload, *upload_len);
            k->len += *upload_len;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    if (k->post) {
        if (k->too_large) {
            return send_error(c, 413, "too_large", "the request body is "
                                                   "larger than this server "
                                                   "takes");
        }
        serve_reply_t rep;
        serve_api(&rep, &s->cfg, url + 5, k->body != NULL ? k->body : "",
                  k->len);
        return send_reply(c, &rep);
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        return send_error(c, 405, "request", "GET for the page, POST for the "
                                             "API");
    }
    for (size_t a = 0; a < serve_nassets; a++) {
        if (strcmp(url, serve_assets[a].path) == 0) {
            return send_bytes(c, 200, serve_assets[a].type,
                              serve_assets[a].data, serve_assets[a].len,
                              MHD_RESPMEM_PERSISTENT);
        }
    }
    return send_error(c, 404, "request", "not found");
}

static void done(void *cls, struct MHD_Connection *c, void **state,
                 enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    conn_t *k = *state;
    if (k != NULL) {
        free(k->body);
        free(k);
        *state = NULL;
    }
}

static bool num(const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = v != NULL ? strtod(v, &end) : 0;
    if (v == NULL || *v == '\0' || *end != '\0' || errno != 0 ||
        !(d >= lo && d <= hi)) {
        return false;
    }
    *out = d;
    return true;
}

int main(int argc, char **argv)
{
    server_t s;
    memset(&s, 0, sizeof s);
    s.cfg.max_body = 1048576;
    s.cfg.max_players = 100000;
    s.cfg.max_models = 16;
    s.cfg.timeout = 5;
    s.cfg.max_memory = 268435456;
    s.cfg.jobs = 2;
    s.cfg.queue_wait = 2;
    pthread_mutex_init(&s.cfg.lock, NULL);
    pthread_cond_init(&s.cfg.freed, NULL);
    double port = 8080, threads = 4;
    const char *bind = "127.0.0.1";
    s.hosts[s.nhosts++] = "localhost";
    s.hosts[s.nhosts++] = "127.0.0.1";
    s.hosts[s.nhosts++] = "[::1]";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double d;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            printf("veto-serve %s\n", VETO_VERSION);
            return 0;
        }
        bool ok = v != NULL;
        if (strcmp(a, "--port") == 0) {
            ok = ok && num(v, 0, 65535, &port) && port == (int)port;
        } else if (strcmp(a, "--bind") == 0) {
            struct in_addr ia;
            ok = ok && inet_pton(AF_INET, v, &ia) == 1;
            bind = v;
        } else if (strcmp(a, "--allow-host") == 0) {
            ok = ok && s.nhosts < sizeof s.hosts / sizeof s.hosts[0] &&
                 strlen(v) < 250;
            if (ok) {
                s.hosts[s.nhosts++] = (char *)v;
            }
        } else if (strcmp(a, "--timeout") == 0) {
            ok = ok && num(v, 0, 86400, &s.cfg.timeout);
        } else if (strcmp(a, "--jobs") == 0) {
            ok = ok && num(v, 1, 1024, &d) && d == (int)d;
            s.cfg.jobs = ok ? (unsigned)d : 0;
        } else if (strcmp(a, "--queue-wait") == 0) {
            ok = ok && num(v, 0, 3600, &s.cfg.queue_wait);
        } else if (strcmp(a, "--max-body") == 0) {
            ok = ok && num(v, 64, 1073741824.0, &d);
            s.cfg.max_body = ok ? (size_t)d : 0;
        } else if (strcmp(a, "--max-players") == 0) {
            ok = ok && num(v, 1, 1e8, &d);
            s.cfg.max_players = ok ? (size_t)d : 0;
        } else if (strcmp(a, "--max-memory") == 0) {
            ok = ok && num(v, 1048576, 1e15, &d);
            s.cfg.max_memory = ok ? (uint64_t)d : 0;
        } else if (strcmp(a, "--threads") == 0) {
            ok = ok && num(v, 1, 256, &threads) && threads == (int)threads;
        } else {
            fprintf(stderr, "veto-serve: unknown option '%s'\nTry "
                            "'veto-serve --help'.\n", a);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "veto-serve: bad value for %s\nTry "
                            "'veto-serve --help'.\n", a);
            return 2;
        }
        i++;
    }
    if (strcmp(bind, "0.0.0.0") != 0) {
        s.hosts[s.nhosts++] = (char *)bind;
    }
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, bind, &sa.sin_addr);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_INTERNAL_THREAD |
            MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, handle, &s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_NOTIFY_COMPLETED, done, &s,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "veto-serve: cannot listen on %s:%d: %s\n", bind,
                (int)port, strerror(errno));
        return 1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info != NULL ? info->port : (unsigned)port;
    printf("veto-serve: http://%s:%u/ (Ctrl-C stops)\n", bind, bound);
    fflush(stdout);
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    sigemptyset(&act.sa_mask);
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!stop) {
        pause();
    }
    MHD_stop_daemon(d);
    return 0;
}
