/*
 * model.c: the public face of the model room: limits, reading from memory
 * or a file (picking the format), accessors, freeing.
 */
#include "model_i.h"

#include "../base/distance.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Warnings past this many are summarised in one line: a hostile file with
 * millions of case-only clashes must not make millions of strings. */
#define MAX_WARNINGS 1000

void veto_limits_init(veto_limits_t *limits)
{
    if (limits == NULL) {
        return;
    }
    limits->max_file_bytes = (size_t)64 << 20;
    limits->max_players = 10000000;
    limits->max_name_bytes = 1024;
    limits->max_depth = 1000;
    limits->max_number_digits = 10000;
    limits->allow_include_outside = false;
}

veto_i_expr_t *veto_i_expr_new(veto_i_expr_kind kind, veto_i_pos_t pos)
{
    veto_i_expr_t *e = veto_i_calloc(1, sizeof *e);
    if (e == NULL) {
        return NULL;
    }
    e->kind = kind;
    e->line = pos.line;
    e->col = pos.col;
    e->attr = -1;
    e->group = -1;
    mpq_init(e->rhs);
    return e;
}

static void expr_free_node(veto_i_expr_t *e)
{
    mpq_clear(e->rhs);
    veto_i_free(e->list);
    veto_i_free(e->child);
    veto_i_free(e);
}

/* Without recursion or allocation, so that a tree as deep as max_depth
 * allows (whatever the caller raised it to) cannot overflow the stack:
 * while a child's subtree is being freed, the child's slot in its parent
 * holds the pointer back to the grandparent (pointer reversal). */
void veto_i_expr_free(veto_i_expr_t *e)
{
    veto_i_expr_t *parent = NULL;
    veto_i_expr_t *cur = e;
    if (cur == NULL) {
        return;
    }
    for (;;) {
        if (cur->nchild > 0 && cur->child != NULL) {
            veto_i_expr_t *c = cur->child[cur->nchild - 1];
            if (c != NULL) {
                cur->child[cur->nchild - 1] = parent;
                parent = cur;
                cur = c;
                continue;
            }
            cur->nchild--;
            continue;
        }
        expr_free_node(cur);
        if (parent == NULL) {
            return;
        }
        cur = parent;
        parent = cur->child[cur->nchild - 1];
        cur->nchild--;
    }
}

void veto_model_free(veto_model_t *m)
{
    if (m == NULL) {
        return;
    }
    veto_i_free(m->filename);
    veto_i_free(m->title);
    for (size_t i = 0; i < m->nsources; i++) {
        veto_i_free(m->sources[i]);
    }
    veto_i_free(m->sources);
    for (size_t i = 0; i < m->nnotes; i++) {
        veto_i_free(m->notes[i]);
    }
    veto_i_free(m->notes);
    if (m->names != NULL) {
        for (size_t i = 0; i < m->n; i++) {
            veto_i_free(m->names[i]);
        }
    }
    veto_i_free(m->names);
    veto_i_free(m->name_line);
    for (size_t g = 0; g < m->ngroups; g++) {
        if (m->group_names != NULL) {
            veto_i_free(m->group_names[g]);
        }
        if (m->group_members != NULL) {
            veto_i_free(m->group_members[g]);
        }
    }
    veto_i_free(m->group_names);
    veto_i_free(m->group_size);
    veto_i_free(m->group_members);
    if (m->attr_names != NULL) {
        for (size_t a = 0; a < m->nattrs; a++) {
            veto_i_free(m->attr_names[a]);
        }
    }
    veto_i_free(m->attr_names);
    if (m->attr != NULL) {
        for (size_t i = 0; i < m->n * m->nattrs; i++) {
            mpq_clear(m->attr[i]);
        }
    }
    veto_i_free(m->attr);
    veto_i_free(m->attr_set);
    veto_i_expr_free(m->rule);
    if (m->belief != NULL) {
        for (size_t i = 0; i < m->n; i++) {
            mpq_clear(m->belief[i]);
        }
    }
    veto_i_free(m->belief);
    if (m->abstain != NULL) {
        for (size_t i = 0; i < m->n; i++) {
            mpq_clear(m->abstain[i]);
        }
    }
    veto_i_free(m->abstain);
    for (size_t s = 0; s < m->nscen; s++) {
        veto_i_free(m->scen[s].name);
        if (m->scen[s].abstain != NULL) {
            for (size_t i = 0; i < m->n; i++) {
                mpq_clear(m->scen[s].abstain[i]);
            }
        }
        veto_i_free(m->scen[s].abstain);
        if (m->scen[s].belief != NULL) {
            for (size_t i = 0; i < m->n; i++) {
                mpq_clear(m->scen[s].belief[i]);
            }
        }
        veto_i_free(m->scen[s].belief);
        if (m->scen[s].has_weight) {
            mpq_clear(m->scen[s].weight);
        }
        veto_i_blocs_free(m->scen[s].own, m->scen[s].nown);
        veto_i_blocs_free(m->scen[s].bloc, m->scen[s].nblocs);
    }
    veto_i_free(m->scen);
    veto_i_blocs_free(m->bloc, m->nblocs);
    for (size_t w = 0; w < m->nwarnings; w++) {
        veto_i_free(m->warnings[w]);
    }
    veto_i_free(m->warnings);
    veto_i_free(m->union_of);
    veto_i_free(m);
}

veto_status veto_i_model_warn(veto_model_t *m, const char *fmt, ...)
{
    char small[256];
    char *text = small;
    va_list ap;
    if (m->nwarnings > MAX_WARNINGS) {
        return VETO_OK;
    }
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0) {
        len = 0;
        small[0] = '\0';
    }
    char **nw = veto_i_reallocarray(m->warnings, m->nwarnings + 1, sizeof *nw);
    if (nw == NULL) {
        return VETO_ENOMEM;
    }
    m->warnings = nw;
    char *copy;
    if (m->nwarnings == MAX_WARNINGS) {
        size_t cap = strlen(m->filename != NULL ? m->filename : "") + 64;
        copy = veto_i_malloc(cap);
        if (copy != NULL) {
            snprintf(copy, cap, "%s: further warnings suppressed",
                     m->filename != NULL ? m->filename : "");
        }
    } else if ((size_t)len < sizeof small) {
        copy = veto_i_strdup(text);
    } else {
        copy = veto_i_malloc((size_t)len + 1);
        if (copy != NULL) {
            va_start(ap, fmt);
            vsnprintf(copy, (size_t)len + 1, fmt, ap);
            va_end(ap);
        }
    }
    if (copy == NULL) {
        return VETO_ENOMEM;
    }
    m->warnings[m->nwarnings++] = copy;
    return VETO_OK;
}

static long find_in(char *const *names, size_t n, const char *name)
{
    if (names == NULL || name == NULL) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* Linear scans: the model keeps no index once read (callers look up a
 * handful of names, e.g. `veto explain FILE PLAYER`). O(total name bytes). */
long veto_i_model_find_player(const veto_model_t *m, const char *name)
{
    return find_in(m->names, m->n, name);
}

long veto_i_model_find_group(const veto_model_t *m, const char *name)
{
    return find_in(m->group_names, m->ngroups, name);
}

long veto_i_model_find_attr(const veto_model_t *m, const char *name)
{
    return find_in(m->attr_names, m->nattrs, name);
}

/* ---------------------------------------------------------------------- */

static veto_format detect(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            i++;
        } else if (c == '#') {
            while (i < len && text[i] != '\n') {
                i++;
            }
        } else if (c == '{') {
            return VETO_FORMAT_JSON;
        } else if (c == '[') {
            return VETO_FORMAT_BARE; /* bracket notation [q; w, ...] */
        } else if ((c >= '0' && c <= '9') || c == '.' || c == '-') {
            return VETO_FORMAT_BARE;
        } else {
            return VETO_FORMAT_VETO;
        }
    }
    return VETO_FORMAT_VETO;
}

static veto_status file_too_big(veto_error_t *err, const char *name,
                                size_t limit)
{
    veto_i_error(err, VETO_ELIMIT, name, 0, 0, NULL, 0,
                 "input is larger than the limit of %zu bytes "
                 "(max_file_bytes)",
                 limit);
    veto_i_error_hint_code(err, VETO_HINT_RAISE_LIMIT, "max_file_bytes", NULL,
                           NULL);
    return VETO_ELIMIT;
}

/* A limit of 0 would refuse every model: the caller forgot
 * veto_limits_init. */
static veto_status check_read_args(veto_model_t **out, veto_format format,
                                   const veto_limits_t *limits,
                                   const char *func, veto_error_t *err)
{
    if (out == NULL) {
        return veto_i_misuse(err, func, "out is NULL");
    }
    *out = NULL;
    if ((unsigned)format > (unsigned)VETO_FORMAT_BARE) {
        return veto_i_misuse(err, func, "unknown format %d", (int)format);
    }
    if (limits != NULL &&
        (limits->max_file_bytes == 0 || limits->max_players == 0 ||
         limits->max_name_bytes == 0 || limits->max_depth == 0 ||
         limits->max_number_digits == 0)) {
        return veto_i_misuse(err, func, "a limit is 0 (initialise the limits "
                                        "with veto_limits_init)");
    }
    return VETO_OK;
}

/* path: the file on disk the text came from, for `include`; NULL when
 * there is none (memory, standard input). */
static veto_status read_text(veto_model_t **out, const char *name,
                             const char *text, size_t len, veto_format format,
                             const veto_limits_t *limits, const char *path,
                             veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_limits_t lim;
    veto_i_build_t b;
    bool have_builder = false;
    if (limits != NULL) {
        lim = *limits;
    } else {
        veto_limits_init(&lim);
    }
    if (lim.max_depth > VETO_MAX_DEPTH_CEILING) {
        lim.max_depth = VETO_MAX_DEPTH_CEILING;
    }
    if (name == NULL) {
        name = "<input>";
    }
    if (text == NULL && len > 0) {
        return veto_i_errorf(err, VETO_EMISUSE, "no text to read");
    }
    if (text == NULL) {
        text = "";
    }
    /* A UTF-8 byte-order mark, as some editors write, is not part of the
     * model; columns on line 1 are then counted as the editor shows them. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    veto_i_src_t src = {name, text, len};
    if (len > lim.max_file_bytes) {
        return file_too_big(err, name, lim.max_file_bytes);
    }
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        return veto_i_src_error(&src, err, VETO_EPARSE,
                                veto_i_src_pos(&src, (size_t)(nul - text)),
                                "NUL byte in input");
    }
    if (format == VETO_FORMAT_AUTO) {
        format = detect(text, len);
    }
    have_builder = true; /* init leaves b safe to clear even on failure */
    VETO_TRY(veto_i_build_init(&b, &src, &lim, err));
    b.path = path;
    switch (format) {
    case VETO_FORMAT_JSON:
        VETO_TRY(veto_i_read_json(&b));
        break;
    case VETO_FORMAT_BARE:
        VETO_TRY(veto_i_read_bare(&b));
        break;
    case VETO_FORMAT_VETO:
    case VETO_FORMAT_AUTO:
    default:
        VETO_TRY(veto_i_read_veto(&b));
        break;
    }
    VETO_TRY(veto_i_model_warn_dead(b.m, name));
    *out = b.m;
    b.m = NULL;
cleanup:
    if (have_builder) {
        veto_i_build_clear(&b);
    }
    return rc;
}

veto_status veto_model_read(veto_model_t **out, const char *name,
                            const char *text, size_t len, veto_format format,
                            const veto_limits_t *limits, veto_error_t *err)
{
    VETO_I_ERR_SCRATCH();
    veto_status rc = check_read_args(out, format, limits, __func__, err);
    if (rc != VETO_OK) {
        return rc;
    }
    return read_text(out, name, text, len, format, limits, NULL, err);
}

veto_status veto_model_read_file(veto_model_t **out, const char *path,
                                 veto_format format,
                                 const veto_limits_t *limits, veto_error_t *err)
{
    veto_limits_t lim;
    VETO_I_ERR_SCRATCH();
    veto_status rc0 = check_read_args(out, format, limits, __func__, err);
    if (rc0 != VETO_OK) {
        return rc0;
    }
    VETO_I_NONNULL(path);
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    if (limits != NULL) {
        lim = *limits;
    } else {
        veto_limits_init(&lim);
    }
    if (lim.max_depth > VETO_MAX_DEPTH_CEILING) {
        lim.max_depth = VETO_MAX_DEPTH_CEILING;
    }
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        int e = errno;
        veto_i_error(err, VETO_EIO, name, 0, 0, NULL, 0, "cannot open '%s': %s",
                     path, strerror(e));
        return VETO_EIO;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    veto_status rc = VETO_OK;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap == 0 ? 65536 : cap * 2;
            char *nb = veto_i_realloc(buf, ncap);
            if (nb == NULL) {
                rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
                goto done;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len > lim.max_file_bytes) {
            rc = file_too_big(err, name, lim.max_file_bytes);
            goto done;
        }
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                veto_i_error(err, VETO_EIO, name, 0, 0, NULL, 0,
                             "cannot read '%s': %s", path, strerror(e));
                rc = VETO_EIO;
                goto done;
            }
            break;
        }
    }
    rc = read_text(out, name, buf, len, format, &lim, is_stdin ? NULL : path,
                   err);
done:
    veto_i_free(buf);
    if (!is_stdin) {
        fclose(f);
    }
    return rc;
}

size_t veto_model_nplayers(const veto_model_t *m)
{
    return m != NULL ? m->n : 0;
}

const char *veto_model_player(const veto_model_t *m, size_t i)
{
    return m != NULL && i < m->n ? m->names[i] : NULL;
}

veto_status veto_model_player_index(size_t *index, const veto_model_t *m,
                                    const char *name, veto_error_t *err)
{
    VETO_I_ERR_SCRATCH();
    VETO_I_NONNULL(index);
    *index = 0;
    VETO_I_NONNULL(m);
    VETO_I_NONNULL(name);
    long i = veto_i_model_find_player(m, name);
    if (i >= 0) {
        *index = (size_t)i;
        return VETO_OK;
    }
    veto_status rc = veto_i_errorf(err, VETO_EINVAL, "no player '%s'", name);
    /* The closest name, when one is within a few edits. */
    size_t nlen = strlen(name), best = SIZE_MAX, at = 0;
    for (size_t k = 0; k < m->n && nlen <= 32; k++) {
        size_t klen = strlen(m->names[k]);
        size_t d = veto_i_edit_distance(name, nlen, m->names[k], klen);
        if (d < best && veto_i_close_enough(d, nlen, klen)) {
            best = d;
            at = k;
        }
    }
    if (best != SIZE_MAX) {
        veto_i_error_hint_code(err, VETO_HINT_KEYWORD, name, m->names[at],
                               NULL);
    }
    return rc;
}

const char *veto_model_title(const veto_model_t *m)
{
    return m != NULL ? m->title : NULL;
}

const char *veto_model_filename(const veto_model_t *m)
{
    return m != NULL ? m->filename : NULL;
}

size_t veto_model_nsources(const veto_model_t *m)
{
    return m != NULL ? m->nsources : 0;
}

const char *veto_model_source(const veto_model_t *m, size_t i)
{
    return m != NULL && i < m->nsources ? m->sources[i] : NULL;
}

size_t veto_model_nnotes(const veto_model_t *m)
{
    return m != NULL ? m->nnotes : 0;
}

const char *veto_model_note(const veto_model_t *m, size_t i)
{
    return m != NULL && i < m->nnotes ? m->notes[i] : NULL;
}

size_t veto_model_nscenarios(const veto_model_t *m)
{
    return m != NULL ? m->nscen : 0;
}

bool veto_model_scenario_weight(mpq_t out, const veto_model_t *m, size_t s)
{
    if (m == NULL || out == NULL || s >= m->nscen || !m->scen[s].has_weight) {
        return false;
    }
    mpq_set(out, m->scen[s].weight);
    return true;
}

const char *veto_model_scenario(const veto_model_t *m, size_t s)
{
    return m != NULL && s < m->nscen ? m->scen[s].name : NULL;
}

size_t veto_model_nwarnings(const veto_model_t *m)
{
    return m != NULL ? m->nwarnings : 0;
}

const char *veto_model_warning(const veto_model_t *m, size_t i)
{
    return m != NULL && i < m->nwarnings ? m->warnings[i] : NULL;
}

void veto_i_hint_scenarios(const veto_model_t *m, veto_error_t *err)
{
    char list[sizeof err->hint_arg[0]];
    size_t len = 0;
    list[0] = '\0';
    for (size_t s = 0; s < m->nscen; s++) {
        const char *name = m->scen[s].name;
        size_t need = strlen(name) + (s > 0 ? 2 : 0);
        if (len + need + 4 >= sizeof list) {
            snprintf(list + len, sizeof list - len, ", ...");
            break;
        }
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                s > 0 ? ", " : "", name);
    }
    veto_i_error_hint_code(err, VETO_HINT_SCENARIOS, list, NULL, NULL);
}
