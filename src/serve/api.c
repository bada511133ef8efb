/*
 * api.c: POST /api/<what> of veto-serve. The request is JSON:
 *
 *   {"model": TEXT, "name": NAME, "format": "json", "options": {...}}
 *   {"models": [TEXT, ...], "names": [...], ...}          (compare)
 *
 * and the answer is what `veto [COMMAND] FILE --format FORMAT` writes, from
 * the same veto_report_* writers of libveto. A model is read from memory,
 * so `include` is refused and nothing on disk is read or written. Errors
 * are {"error": {...}}: 400 a bad request, 422 a model that does not read
 * (with file, line, column, context and hint), 503 busy, out of time or
 * out of memory.
 */
#include "api.h"

#include <veto.h>

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char oom_body[] =
    "{\"error\": {\"status\": \"busy\", \"message\": \"out of memory\"}}\n";

static void reply_json(serve_reply_t *out, unsigned http, json_t *doc)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(doc);
    out->type = "application/json";
    if (s == NULL) {
        out->status = 503;
        out->body = strdup(oom_body);
        out->len = out->body != NULL ? strlen(out->body) : 0;
        return;
    }
    size_t n = strlen(s);
    out->body = malloc(n + 2);
    if (out->body == NULL) {
        free(s);
        out->status = 503;
        return;
    }
    memcpy(out->body, s, n);
    out->body[n] = '\n';
    out->body[n + 1] = '\0';
    out->len = n + 1;
    out->status = http;
    free(s);
}

void serve_error(serve_reply_t *out, unsigned http, const char *status,
                 const char *message)
{
    json_t *e = json_pack("{s:s, s:s}", "status", status, "message", message);
    reply_json(out, http, json_pack("{s:s, s:o}", "schema", "veto/1",
                                    "error", e));
}

static const char *status_word(veto_status s)
{
    switch (s) {
    case VETO_EPARSE: return "parse";
    case VETO_EINVAL: return "invalid";
    case VETO_EOVERFLOW: return "overflow";
    case VETO_ELIMIT: return "limit";
    case VETO_ENOMEM: return "memory";
    case VETO_EMISUSE: return "misuse";
    case VETO_EIO: return "io";
    case VETO_ECANCELLED: return "cancelled";
    case VETO_ETIMEOUT: return "timeout";
    case VETO_EUNSUPPORTED: return "unsupported";
    case VETO_OK: break;
    }
    return "ok";
}

/* The library's error record as JSON, with the HTTP status it deserves:
 * a model that does not read is 422, a request the library refuses 400,
 * running out of time or memory 503. `reading`: the error came from
 * reading the model. */
static void library_error(serve_reply_t *out, veto_status s,
                          const veto_error_t *err, bool reading)
{
    unsigned http = 400;
    if (reading && s != VETO_ENOMEM) {
        http = 422;
    } else if (s == VETO_ETIMEOUT || s == VETO_ELIMIT || s == VETO_ENOMEM ||
               s == VETO_ECANCELLED) {
        http = 503;
    }
    json_t *e = json_pack("{s:s, s:i, s:s}", "status", status_word(s), "code",
                          (int)s, "message",
                          err->message[0] != '\0' ? err->message
                                                  : veto_strerror(s));
    if (e != NULL) {
        if (err->file[0] != '\0') {
            json_object_set_new(e, "file", json_string(err->file));
        }
        if (err->line > 0) {
            json_object_set_new(e, "line", json_integer(err->line));
            json_object_set_new(e, "column", json_integer(err->col));
        }
        if (err->context[0] != '\0') {
            json_object_set_new(e, "context", json_string(err->context));
        }
        /* the advice in words that name no command-line option */
        char hint[512];
        veto_hint_text(hint, sizeof hint, err);
        if (hint[0] != '\0') {
            json_object_set_new(e, "hint", json_string(hint));
        }
        if (err->hint_code != VETO_HINT_NONE) {
            json_object_set_new(e, "hint_code", json_integer(err->hint_code));
        }
    }
    reply_json(out, http, json_pack("{s:s, s:o}", "schema", "veto/1",
                                    "error", e));
}

/* ---- the request ------------------------------------------------------ */

typedef struct request {
    const char *what;
    json_t *root;
    json_t *opt;                 /* the options object, or NULL */
    veto_report_format format;
    veto_options_t vopt;
    veto_report_options_t ropt;
    char bad[256];               /* why the request is refused */
    char name[1100];             /* sweep: the player's or bloc's name */
} request_t;

static bool refuse(request_t *r, const char *fmt, const char *arg)
{
    snprintf(r->bad, sizeof r->bad, fmt, arg);
    return false;
}

static bool parse_indices(const char *s, unsigned *out)
{
    static const struct { const char *name; unsigned bits; } tab[] = {
        {"bz", VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW) |
                   VETO_INDEX_BIT(VETO_IDX_BANZHAF)},
        {"abz", VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE)},
        {"ssi", VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)},
        {"pgi", VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) |
                    VETO_INDEX_BIT(VETO_IDX_HOLLER)},
        {"dpi", VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL)},
        {"jo", VETO_INDEX_BIT(VETO_IDX_JOHNSTON)},
        {"cp", VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT)},
        {"ci", VETO_INDEX_BIT(VETO_IDX_COLEMAN_INITIATE)},
        {"all", VETO_INDEX_ALL},
    };
    unsigned bits = 0;
    const char *p = s;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        bool found = false;
        for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++) {
            if (strlen(tab[k].name) == n && strncmp(p, tab[k].name, n) == 0) {
                bits |= tab[k].bits;
                found = true;
            }
        }
        for (int k = 0; !found && k < VETO_NINDEX; k++) {
            const char *key = veto_index_key((veto_index)k);
            if (strlen(key) == n && strncmp(p, key, n) == 0) {
                bits |= VETO_INDEX_BIT(k);
                found = true;
            }
        }
        if (!found) {
            return false;
        }
        p += n;
        if (*p == ',') {
            p++;
        }
    }
    *out = bits;
    return bits != 0;
}

/* The option names each endpoint takes (besides the common ones). */
static bool allowed(const char *what, const char *key)
{
    static const char *const common[] = {"indices", "method", "exact",
                                         "timeout", "seed", "samples",
                                         "epsilon", "confidence", NULL};
    for (size_t k = 0; common[k] != NULL; k++) {
        if (strcmp(key, common[k]) == 0) {
            return true;
        }
    }
    if (strcmp(what, "explain") == 0) {
        return strcmp(key, "player") == 0 || strcmp(key, "scenario") == 0;
    }
    if (strcmp(what, "sweep") == 0) {
        return strcmp(key, "belief") == 0 || strcmp(key, "quota") == 0 ||
               strcmp(key, "bloc") == 0 || strcmp(key, "scenario") == 0;
    }
    if (strcmp(what, "design") == 0) {
        return strcmp(key, "remove_veto") == 0 || strcmp(key, "top") == 0;
    }
    return false;
}

static bool parse_options(request_t *r, const serve_config_t *cfg)
{
    veto_options_init(&r->vopt);
    veto_report_options_init(&r->ropt);
    r->vopt.max_memory = cfg->max_memory;
    r->vopt.timeout = cfg->timeout;
    r->vopt.threads = 1; /* one core per analysis: jobs bound the rest */
    if (strcmp(r->what, "power") == 0) {
        r->vopt.beliefs = false;
    }
    json_t *f = json_object_get(r->root, "format");
    const char *fmt = "json";
    if (f != NULL) {
        if (!json_is_string(f)) {
            return refuse(r, "%s", "\"format\" must be a string");
        }
        fmt = json_string_value(f);
    }
    static const char *const formats[] = {"text", "json", "csv", "md", "svg",
                                          "html"};
    bool known = false;
    for (size_t k = 0; k < 6; k++) {
        if (strcmp(fmt, formats[k]) == 0) {
            r->ropt.format = (veto_report_format)k;
            known = true;
        }
    }
    if (!known) {
        return refuse(r, "unknown format '%.100s' (text, json, csv, md, svg, "
                         "html)", fmt);
    }
    r->opt = json_object_get(r->root, "options");
    if (r->opt == NULL) {
        return true;
    }
    if (!json_is_object(r->opt)) {
        return refuse(r, "%s", "\"options\" must be an object");
    }
    const char *key;
    json_t *v;
    json_object_foreach(r->opt, key, v)
    {
        if (!allowed(r->what, key)) {
            return refuse(r, "unknown option '%.100s' for this endpoint", key);
        }
        if (strcmp(key, "indices") == 0) {
            if (!json_is_string(v) ||
                !parse_indices(json_string_value(v), &r->vopt.indices)) {
                return refuse(r, "%s", "bad \"indices\" (a string such as "
                                       "\"bz,ssi\" or \"shapley_shubik\")");
            }
        } else if (strcmp(key, "method") == 0) {
            static const char *const m[] = {"auto", "dp", "bdd", "enum", "mc"};
            const char *s = json_is_string(v) ? json_string_value(v) : "";
            bool ok = false;
            for (int k = 0; k < 5; k++) {
                if (strcmp(s, m[k]) == 0) {
                    r->vopt.method = (veto_method)k;
                    ok = true;
                }
            }
            if (!ok) {
                return refuse(r, "%s", "bad \"method\" (auto, dp, bdd, enum, "
                                       "mc)");
            }
        } else if (strcmp(key, "exact") == 0) {
            if (!json_is_boolean(v)) {
                return refuse(r, "%s", "\"exact\" must be true or false");
            }
            r->vopt.exact = r->ropt.exact = json_is_true(v);
        } else if (strcmp(key, "timeout") == 0) {
            double t = json_is_number(v) ? json_number_value(v) : -1;
            if (!(t > 0)) {
                return refuse(r, "%s", "\"timeout\" must be a number of "
                                       "seconds > 0");
            }
            /* a request can only ask for less */
            if (r->vopt.timeout == 0 || t < r->vopt.timeout) {
                r->vopt.timeout = t;
            }
        } else if (strcmp(key, "seed") == 0 || strcmp(key, "samples") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                (strcmp(key, "samples") == 0 && json_integer_value(v) == 0)) {
                return refuse(r, "\"%s\" must be a non-negative integer", key);
            }
            if (key[1] == 'e') {
                r->vopt.seed = (uint64_t)json_integer_value(v);
            } else {
                r->vopt.samples = (uint64_t)json_integer_value(v);
            }
        } else if (strcmp(key, "epsilon") == 0 ||
                   strcmp(key, "confidence") == 0) {
            double d = json_is_number(v) ? json_number_value(v) : -1;
            if (!(d > 0 && d < 1)) {
                return refuse(r, "\"%s\" must be between 0 and 1", key);
            }
            if (key[0] == 'e') {
                r->vopt.epsilon = d;
            } else {
                r->vopt.confidence = d;
            }
        } else if (!json_is_string(v) && !(strcmp(key, "top") == 0 &&
                                           json_is_integer(v))) {
            return refuse(r, "option '%.100s' must be a string", key);
        }
    }
    return true;
}

static const char *opt_string(const request_t *r, const char *key)
{
    json_t *v = r->opt != NULL ? json_object_get(r->opt, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One model of the request. */
static bool read_model(serve_reply_t *out, request_t *r,
                       const serve_config_t *cfg, json_t *text, json_t *name,
                       veto_model_t **m)
{
    *m = NULL;
    if (!json_is_string(text)) {
        serve_error(out, 400, "request", "\"model\" must be a string: the "
                                         "model's text");
        return false;
    }
    const char *nm = "<request>";
    if (name != NULL) {
        if (!json_is_string(name) || json_string_length(name) == 0 ||
            json_string_length(name) > 200) {
            serve_error(out, 400, "request", "\"name\" must be a string of 1 "
                                             "to 200 bytes");
            return false;
        }
        nm = json_string_value(name);
    }
    veto_limits_t lim;
    veto_limits_init(&lim);
    lim.max_players = cfg->max_players;
    lim.max_file_bytes = cfg->max_body;
    lim.allow_include_outside = false;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(m, nm, json_string_value(text),
                                    json_string_length(text),
                                    VETO_FORMAT_AUTO, &lim, &err);
    if (s != VETO_OK) {
        library_error(out, s, &err, true);
        return false;
    }
    (void)r;
    return true;
}

static bool player_of(serve_reply_t *out, const veto_model_t *m,
                      const char *name, size_t *p)
{
    if (name == NULL) {
        serve_error(out, 400, "request", "a player's name is needed");
        return false;
    }
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_player_index(p, m, name, &err);
    if (s != VETO_OK) {
        /* an unknown name is the request's fault, not the model's: 400 */
        library_error(out, s == VETO_EINVAL ? VETO_EMISUSE : s, &err, false);
        return false;
    }
    return true;
}

/* "3", "0.25", "1/3", "40%" as an exact fraction, as the command reads
 * them. */
static bool parse_q(mpq_t out, const char *s, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    bool pct = buf[len - 1] == '%';
    if (pct) {
        buf[--len] = '\0';
    }
    char *slash = strchr(buf, '/'), *dot = strchr(buf, '.');
    for (size_t k = 0; k < len; k++) {
        if (!isdigit((unsigned char)buf[k]) && buf + k != slash &&
            buf + k != dot) {
            return false;
        }
    }
    if (len == 0 || (slash != NULL && dot != NULL) || buf[0] == '/' ||
        buf[0] == '.' || buf[len - 1] == '/' || buf[len - 1] == '.') {
        return false;
    }
    if (dot != NULL) {
        /* "a.b" = ab / 10^|b| */
        size_t frac = strlen(dot + 1);
        memmove(dot, dot + 1, frac + 1);
        char den[64] = "1";
        if (frac + 2 > sizeof den) {
            return false;
        }
        memset(den + 1, '0', frac);
        den[frac + 1] = '\0';
        char all[140];
        snprintf(all, sizeof all, "%s/%s", buf, den);
        if (mpq_set_str(out, all, 10) != 0) {
            return false;
        }
    } else if (mpq_set_str(out, buf, 10) != 0) {
        return false;
    }
    if (mpz_sgn(mpq_denref(out)) == 0) {
        return false;
    }
    mpq_canonicalize(out);
    if (pct) {
        mpq_t h;
        mpq_init(h);
        mpq_set_ui(h, 100, 1);
        mpq_div(out, out, h);
        mpq_clear(h);
    }
    return true;
}

/* NAME=FROM:TO[:STEPS] (belief), T=FROM:TO (quota) or NAME=a:FROM:TO[:STEPS]
 * (bloc: which parameter of the bloc's Beta(a, b) moves) into spec, with
 * the command's words for each mistake. */
static bool parse_sweep(serve_reply_t *out, request_t *r,
                        const veto_model_t *m, veto_sweep_spec_t *spec)
{
    const char *bel = opt_string(r, "belief"), *quo = opt_string(r, "quota");
    const char *blo = opt_string(r, "bloc");
    if ((bel != NULL) + (quo != NULL) + (blo != NULL) != 1) {
        serve_error(out, 400, "request",
                    "sweep takes one of \"belief\": "
                    "\"NAME=FROM:TO[:STEPS]\", "
                    "\"quota\": \"T=FROM:TO\" or "
                    "\"bloc\": "
                    "\"NAME=a:FROM:TO[:STEPS]\"");
        return false;
    }
    const char *arg = bel != NULL ? bel : quo != NULL ? quo : blo;
    const char *eq = strrchr(arg, '=');
    const char *from = eq != NULL ? eq + 1 : NULL;
    if (blo != NULL) {
        /* the parameter first, then the numbers as for a belief */
        if (eq == NULL || eq == arg || (from[0] != 'a' && from[0] != 'b') ||
            from[1] != ':') {
            serve_error(out, 400, "request",
                        "bad \"bloc\" (NAME=a:FROM:TO[:STEPS] or "
                        "NAME=b:FROM:TO[:STEPS]: the parameter a or b of the "
                        "bloc's Beta(a, b), e.g. West=a:1:4; 'shared' is "
                        "`belief shared`)");
            return false;
        }
        spec->param = from[0];
        from += 2;
    } else if (bel != NULL && from != NULL &&
               strncmp(from, "abstain:", 8) == 0) {
        /* a three-valued model's belief: NAME=abstain:FROM:TO moves
         * P(abstain) with P(yes) held; NAME=yes:... the yes probability
         * (issue 10) */
        spec->vote = VETO_VOTE_ABSTAIN;
        from += 8;
    } else if (bel != NULL && from != NULL && strncmp(from, "yes:", 4) == 0) {
        from += 4;
    }
    const char *c1 = from != NULL ? strchr(from, ':') : NULL;
    const char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
    long steps = 11;
    bool ok = eq != NULL && eq != arg && c1 != NULL &&
              parse_q(spec->from, from, (size_t)(c1 - from)) &&
              parse_q(spec->to, c1 + 1,
                      c2 != NULL ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1));
    if (ok && c2 != NULL) {
        char *end;
        errno = 0;
        steps = strtol(c2 + 1, &end, 10);
        ok = quo == NULL && c2[1] != '\0' && *end == '\0' && errno == 0;
    }
    if (!ok) {
        serve_error(out, 400, "request",
                    bel != NULL   ? "bad \"belief\" (NAME=FROM:TO or "
                                    "NAME=FROM:TO:STEPS, e.g. Russia=0:1:11; "
                                    "NAME=abstain:FROM:TO in a three-valued "
                                    "model)"
                    : blo != NULL ? "bad \"bloc\" (NAME=a:FROM:TO[:STEPS], "
                                    "FROM and TO positive numbers, e.g. "
                                    "West=a:1:4:7)"
                                  : "bad \"quota\" (T=FROM:TO, T the "
                                    "threshold's number)");
        return false;
    }
    if (quo != NULL) {
        char *end;
        errno = 0;
        long t = strtol(arg, &end, 10);
        if (end != eq || t < 1 || errno != 0) {
            serve_error(out, 400, "request", "bad threshold number (1, 2, ... "
                                             "in the order 'veto check' "
                                             "prints the rule)");
            return false;
        }
        spec->kind = VETO_SWEEP_QUOTA;
        spec->threshold = (size_t)t;
        return true;
    }
    /* the name before '=': a player's (belief) or a bloc's; the request
     * owns the bytes, so the bloc's name is kept in r->name */
    size_t nl = (size_t)(eq - arg);
    if (nl >= sizeof r->name) {
        serve_error(out, 400, "request",
                    bel != NULL ? "player name too long"
                                : "bloc name too long");
        return false;
    }
    memcpy(r->name, arg, nl);
    r->name[nl] = '\0';
    /* an unknown player before a bad STEPS, as the command says them; a
     * bloc's name is checked by the library */
    if (bel != NULL && !player_of(out, m, r->name, &spec->player)) {
        return false;
    }
    if (steps < 2 || steps > 10000) {
        serve_error(out, 400, "request", "STEPS must be between 2 and 10000");
        return false;
    }
    spec->kind = bel != NULL ? VETO_SWEEP_BELIEF : VETO_SWEEP_BLOC;
    spec->bloc = bel != NULL ? NULL : r->name;
    spec->steps = (size_t)steps;
    spec->scenario = opt_string(r, "scenario");
    return true;
}

/* ---- the slots -------------------------------------------------------- */

static bool take_slot(serve_config_t *cfg)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    double w = cfg->queue_wait;
    until.tv_sec += (time_t)w;
    until.tv_nsec += (long)((w - floor(w)) * 1e9);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    bool got = true;
    pthread_mutex_lock(&cfg->lock);
    while (cfg->running >= cfg->jobs) {
        if (pthread_cond_timedwait(&cfg->freed, &cfg->lock, &until) != 0) {
            got = cfg->running < cfg->jobs;
            break;
        }
    }
    if (got) {
        cfg->running++;
    }
    pthread_mutex_unlock(&cfg->lock);
    return got;
}

static void give_slot(serve_config_t *cfg)
{
    pthread_mutex_lock(&cfg->lock);
    cfg->running--;
    pthread_cond_signal(&cfg->freed);
    pthread_mutex_unlock(&cfg->lock);
}

/* ---- the endpoints ---------------------------------------------------- */

static const char *content_type(veto_report_format f)
{
    switch (f) {
    case VETO_REPORT_JSON: return "application/json";
    case VETO_REPORT_CSV: return "text/csv; charset=utf-8";
    case VETO_REPORT_MD: return "text/markdown; charset=utf-8";
    case VETO_REPORT_SVG: return "image/svg+xml";
    case VETO_REPORT_HTML: return "text/html; charset=utf-8";
    case VETO_REPORT_TEXT:
    case VETO_REPORT_VETO: break;
    }
    return "text/plain; charset=utf-8";
}

static void run(serve_reply_t *out, request_t *r, serve_config_t *cfg)
{
    size_t nmodels = 1;
    json_t *texts = NULL, *names = NULL;
    bool compare = strcmp(r->what, "compare") == 0;
    if (compare) {
        texts = json_object_get(r->root, "models");
        names = json_object_get(r->root, "names");
        if (!json_is_array(texts) || json_array_size(texts) < 2 ||
            json_array_size(texts) > cfg->max_models) {
            char msg[160];
            snprintf(msg, sizeof msg, "compare needs \"models\": an array of "
                                      "2 to %zu model texts", cfg->max_models);
            serve_error(out, 400, "request", msg);
            return;
        }
        if (names != NULL && (!json_is_array(names) ||
                              json_array_size(names) != json_array_size(texts))) {
            serve_error(out, 400, "request", "\"names\" must be an array as "
                                             "long as \"models\"");
            return;
        }
        nmodels = json_array_size(texts);
    }
    veto_model_t **models = calloc(nmodels, sizeof *models);
    veto_result_t **results = calloc(nmodels, sizeof *results);
    veto_explanation_t *expl = NULL;
    veto_sweep_t *sw = NULL;
    veto_design_t *des = NULL;
    veto_sweep_spec_t spec;
    veto_sweep_spec_init(&spec);
    bool slot = false;
    if (models == NULL || results == NULL) {
        serve_error(out, 503, "memory", "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nmodels; k++) {
        json_t *t = compare ? json_array_get(texts, k)
                            : json_object_get(r->root, "model");
        json_t *n = compare ? (names != NULL ? json_array_get(names, k) : NULL)
                            : json_object_get(r->root, "name");
        if (!read_model(out, r, cfg, t, n, &models[k])) {
            goto done;
        }
    }
    veto_model_t *m = models[0];
    size_t player = 0;
    long top = 3;
    if (strcmp(r->what, "explain") == 0) {
        if (!player_of(out, m, opt_string(r, "player"), &player)) {
            goto done;
        }
    } else if (strcmp(r->what, "design") == 0) {
        if (!player_of(out, m, opt_string(r, "remove_veto"), &player)) {
            goto done;
        }
        json_t *t = json_object_get(r->opt, "top");
        if (t != NULL) {
            top = json_is_integer(t) ? (long)json_integer_value(t) : 0;
            if (top < 1 || top > 100) {
                serve_error(out, 400, "request", "\"top\" must be an integer "
                                                 "from 1 to 100");
                goto done;
            }
        }
    } else if (strcmp(r->what, "sweep") == 0) {
        if (!parse_sweep(out, r, m, &spec)) {
            goto done;
        }
    }
    if (!take_slot(cfg)) {
        serve_error(out, 503, "busy", "the server is busy: every analysis "
                                      "slot is taken; try again shortly");
        goto done;
    }
    slot = true;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = VETO_OK;
    char *text = NULL;
    /* the request's time budget covers every model of a comparison */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double budget = r->vopt.timeout;
    if (strcmp(r->what, "explain") == 0) {
        s = veto_explain(&expl, m, player, opt_string(r, "scenario"),
                         &r->vopt, &err);
        if (s == VETO_OK) {
            s = veto_report_explain(&text, m, expl, &r->ropt, &err);
        }
    } else if (strcmp(r->what, "design") == 0) {
        s = veto_design_remove_veto(&des, m, player, (size_t)top, &r->vopt,
                                    &err);
        if (s == VETO_OK) {
            s = veto_report_design(&text, m, des, &r->ropt, &err);
        }
    } else if (strcmp(r->what, "sweep") == 0) {
        s = veto_sweep(&sw, m, &spec, &r->vopt, &err);
        if (s == VETO_OK) {
            s = veto_report_sweep(&text, m, sw, &r->ropt, &err);
        }
    } else {
        for (size_t k = 0; k < nmodels && s == VETO_OK; k++) {
            if (budget > 0) {
                clock_gettime(CLOCK_MONOTONIC, &t1);
                double left = budget - ((double)(t1.tv_sec - t0.tv_sec) +
                                        1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
                r->vopt.timeout = left > 1e-6 ? left : 1e-6;
            }
            s = veto_analyse(&results[k], models[k], &r->vopt, &err);
        }
        const veto_model_t *const *mv = (const veto_model_t *const *)models;
        const veto_result_t *const *rv = (const veto_result_t *const *)results;
        if (s == VETO_OK) {
            if (compare) {
                s = veto_report_compare(&text, mv, rv, nmodels, &r->ropt, &err);
            } else if (strcmp(r->what, "power") == 0) {
                s = veto_report_power(&text, m, results[0], &r->ropt, &err);
            } else {
                s = veto_report_full(&text, mv, rv, 1, &r->ropt, &err);
            }
        }
    }
    if (s != VETO_OK) {
        library_error(out, s, &err, false);
        goto done;
    }
    out->status = 200;
    out->type = content_type(r->ropt.format);
    out->len = strlen(text);
    out->body = malloc(out->len + 1);
    if (out->body == NULL) {
        serve_error(out, 503, "memory", "out of memory");
    } else {
        memcpy(out->body, text, out->len + 1);
    }
    veto_free(text);
done:
    if (slot) {
        give_slot(cfg);
    }
    veto_explanation_free(expl);
    veto_sweep_free(sw);
    veto_design_free(des);
    veto_sweep_spec_clear(&spec);
    for (size_t k = 0; models != NULL && results != NULL && k < nmodels; k++) {
        veto_result_free(results[k]);
        veto_model_free(models[k]);
    }
    free(models);
    free(results);
}

void serve_api(serve_reply_t *out, serve_config_t *cfg, const char *what,
               const char *body, size_t len)
{
    memset(out, 0, sizeof *out);
    static const char *const known[] = {"analyse", "power", "compare",
                                        "explain", "sweep", "design", NULL};
    bool found = false;
    for (size_t k = 0; known[k] != NULL; k++) {
        found = found || strcmp(what, known[k]) == 0;
    }
    if (!found) {
        serve_error(out, 404, "request", "no such endpoint (analyse, power, "
                                         "compare, explain, sweep, design)");
        return;
    }
    request_t r;
    memset(&r, 0, sizeof r);
    r.what = what;
    json_error_t jerr;
    r.root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (r.root == NULL) {
        char msg[300];
        snprintf(msg, sizeof msg, "the body is not JSON: %s at line %d, "
                                  "column %d", jerr.text, jerr.line,
                 jerr.column);
        serve_error(out, 400, "request", msg);
        return;
    }
    if (!json_is_object(r.root)) {
        serve_error(out, 400, "request", "the body must be a JSON object");
    } else {
        const char *key;
        json_t *v;
        bool ok = true;
        json_object_foreach(r.root, key, v)
        {
            static const char *const top[] = {"model", "name", "models",
                                              "names", "format", "options",
                                              NULL};
            bool k2 = false;
            for (size_t k = 0; top[k] != NULL; k++) {
                k2 = k2 || strcmp(key, top[k]) == 0;
            }
            if (!k2) {
                snprintf(r.bad, sizeof r.bad, "unknown key '%.100s' (model, "
                                              "name, models, names, format, "
                                              "options)", key);
                ok = false;
                break;
            }
        }
        if (ok && !parse_options(&r, cfg)) {
            ok = false;
        }
        if (ok) {
            run(out, &r, cfg);
        } else {
            serve_error(out, 400, "request", r.bad);
        }
    }
    json_decref(r.root);
}
