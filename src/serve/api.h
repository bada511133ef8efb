/*
 * api.h: the JSON API of veto-serve, apart from HTTP so that it reads as
 * one function: a request body in, a status, a content type and a body out.
 */
#ifndef VETO_SERVE_API_H
#define VETO_SERVE_API_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct serve_config {
    size_t max_body;      /* bytes of one request body */
    size_t max_players;   /* players in one model */
    size_t max_models;    /* models in one comparison */
    double timeout;       /* seconds per request; a request may ask less */
    uint64_t max_memory;  /* bytes per analysis */
    unsigned jobs;        /* analyses at once; more wait, then 503 */
    double queue_wait;    /* seconds a request waits for a free slot */
    /* the slots */
    pthread_mutex_t lock;
    pthread_cond_t freed;
    unsigned running;
} serve_config_t;

typedef struct serve_reply {
    unsigned status;      /* HTTP status */
    const char *type;     /* Content-Type */
    char *body;           /* malloc'd (free with free()) */
    size_t len;
} serve_reply_t;

/* Answer POST /api/<what> (what: analyse, power, compare, explain, sweep,
 * design) with body[0..len). Never fails: out-of-memory gives a 503 with a
 * static body. */
void serve_api(serve_reply_t *out, serve_config_t *cfg, const char *what,
               const char *body, size_t len);

/* A reply with {"error": {"status": ..., "message": ...}}. */
void serve_error(serve_reply_t *out, unsigned http, const char *status,
                 const char *message);

#endif
