/*
 * unions.c: `unions { (UK, USA, France) (China, Russia) }` resolved once
 * the players are known: each name a player or a group (all its members);
 * players not named are each a union of their own, after the written
 * ones. The precoalition indices (veto indices) read the result.
 */
#include "model_i.h"

#include <string.h>

veto_status veto_i_build_unions(veto_i_build_t *b, const veto_i_src_t *src,
                                const veto_i_unions_src_t *u)
{
    veto_model_t *m = b->m;
    size_t n = m->n;
    size_t *of = veto_i_mallocarray(n + 1, sizeof *of);
    veto_i_pos_t *at = veto_i_mallocarray(n + 1, sizeof *at);
    veto_status rc = VETO_OK;
    if (of == NULL || at == NULL) {
        rc = veto_i_errorf(b->err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        of[i] = SIZE_MAX;
    }
    for (size_t k = 0; k < u->n; k++) {
        const veto_i_unionref_t *r = &u->ref[k];
        size_t len = strlen(r->name);
        long p = veto_i_names_find(&b->players, r->name, len);
        const size_t *members = NULL;
        size_t count = 0;
        size_t one;
        if (p >= 0) {
            one = (size_t)p;
            members = &one;
            count = 1;
        } else {
            long g = veto_i_names_find(&b->groups, r->name, len);
            if (g < 0) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, r->pos,
                                      "unknown player or group '%s' in "
                                      "unions",
                                      r->name);
                goto cleanup;
            }
            members = m->group_members[g];
            count = m->group_size[g];
        }
        for (size_t j = 0; j < count; j++) {
            size_t i = members[j];
            if (of[i] != SIZE_MAX && of[i] != r->which) {
                rc = veto_i_src_error(src, b->err, VETO_EINVAL, r->pos,
                                      "%s is in two unions (union %zu on "
                                      "line %u and union %zu)",
                                      m->names[i], of[i] + 1, at[i].line,
                                      r->which + 1);
                goto cleanup;
            }
            of[i] = r->which;
            at[i] = r->pos;
        }
    }
    size_t next = u->nunions;
    for (size_t i = 0; i < n; i++) {
        if (of[i] == SIZE_MAX) {
            of[i] = next++;
        }
    }
    veto_i_free(m->union_of);
    m->union_of = of;
    m->nunions = next;
    of = NULL;
cleanup:
    veto_i_free(of);
    veto_i_free(at);
    return rc;
}

size_t veto_model_unions(const veto_model_t *m, const size_t **union_of)
{
    if (union_of != NULL) {
        *union_of = m != NULL ? m->union_of : NULL;
    }
    return m != NULL && m->union_of != NULL ? m->nunions : 0;
}
