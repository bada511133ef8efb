/*
 * util.c: positions and diagnostics, UTF-8, number literals and the name
 * hash index shared by the three readers.
 */
#include "model_i.h"

#include <stdio.h>
#include <string.h>

veto_i_pos_t veto_i_src_pos(const veto_i_src_t *src, size_t off)
{
    veto_i_pos_t p = {off, 1, 1};
    size_t line_start = 0;
    if (off > src->len) {
        off = src->len;
        p.off = off;
    }
    for (size_t i = 0; i < off; i++) {
        if (src->text[i] == '\n') {
            p.line++;
            line_start = i + 1;
        }
    }
    p.col = (unsigned)(off - line_start + 1);
    return p;
}

veto_i_pos_t veto_i_src_eof(const veto_i_src_t *src)
{
    size_t end = src->len;
    while (end > 0 &&
           (src->text[end - 1] == ' ' || src->text[end - 1] == '\t' ||
            src->text[end - 1] == '\r' || src->text[end - 1] == '\n')) {
        end--;
    }
    return veto_i_src_pos(src, end);
}

veto_status veto_i_src_error(const veto_i_src_t *src, veto_error_t *err,
                             veto_status code, veto_i_pos_t pos,
                             const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    size_t off = pos.off <= src->len ? pos.off : src->len;
    size_t start = off;
    while (start > 0 && src->text[start - 1] != '\n') {
        start--;
    }
    size_t end = off;
    while (end < src->len && src->text[end] != '\n') {
        end++;
    }
    if (end > start && src->text[end - 1] == '\r') {
        end--;
    }
    return veto_i_error(err, code, src->name, pos.line, pos.col,
                        src->text + start, end - start, "%s", msg);
}

bool veto_i_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t need;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            *bad = i;
            return false;
        }
        if (len - i <= need) {
            *bad = i;
            return false;
        }
        unsigned cp = c & (0x3Fu >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((u[i + k] & 0xC0) != 0x80) {
                *bad = i;
                return false;
            }
            cp = (cp << 6) | (u[i + k] & 0x3Fu);
        }
        /* overlong forms, surrogates and code points past U+10FFFF */
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            *bad = i;
            return false;
        }
        i += need + 1;
    }
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

size_t veto_i_num_scan(const char *s, size_t len, veto_i_numkind *kind,
                       size_t *digits)
{
    size_t i = 0, intd = 0, fracd = 0;
    if (i < len && s[i] == '-') {
        i++;
    }
    while (i < len && is_digit(s[i])) {
        i++;
        intd++;
    }
    *kind = VETO_I_NUM_INT;
    if (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            fracd++;
        }
        *kind = VETO_I_NUM_DECIMAL;
    }
    if (intd == 0 && fracd == 0) {
        return 0;
    }
    *digits = intd + fracd;
    if (i < len && s[i] == '%') {
        i++;
        *kind = VETO_I_NUM_PERCENT;
    } else if (*kind == VETO_I_NUM_INT && i + 1 < len && s[i] == '/' &&
               is_digit(s[i + 1])) {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            (*digits)++;
        }
        *kind = VETO_I_NUM_FRACTION;
    }
    return i;
}

/* Set z to the digits of s[0..len) skipping '.', through a NUL-terminated
 * copy (GMP wants one). Returns false when out of memory. */
static bool set_digits(mpz_t z, const char *s, size_t len)
{
    char small[64];
    char *buf = small;
    if (len + 1 > sizeof small) {
        buf = veto_i_malloc(len + 1);
        if (buf == NULL) {
            return false;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_digit(s[i])) {
            buf[k++] = s[i];
        }
    }
    buf[k] = '\0';
    if (k == 0) {
        mpz_set_ui(z, 0);
    } else {
        mpz_set_str(z, buf, 10);
    }
    if (buf != small) {
        veto_i_free(buf);
    }
    return true;
}

int veto_i_num_value(mpq_t q, const char *s, size_t len)
{
    bool neg = len > 0 && s[0] == '-';
    const char *slash = memchr(s, '/', len);
    if (slash != NULL) {
        if (!set_digits(mpq_numref(q), s, (size_t)(slash - s)) ||
            !set_digits(mpq_denref(q), slash + 1,
                        len - (size_t)(slash - s) - 1)) {
            return -1;
        }
        if (mpz_sgn(mpq_denref(q)) == 0) {
            mpz_set_ui(mpq_denref(q), 1);
            return 1;
        }
    } else {
        size_t fracd = 0;
        bool pct = len > 0 && s[len - 1] == '%';
        const char *dot = memchr(s, '.', len);
        if (dot != NULL) {
            for (const char *p = dot + 1; p < s + len && is_digit(*p); p++) {
                fracd++;
            }
        }
        if (!set_digits(mpq_numref(q), s, len)) {
            return -1;
        }
        mpz_ui_pow_ui(mpq_denref(q), 10, (unsigned long)fracd);
        if (pct) {
            mpz_mul_ui(mpq_denref(q), mpq_denref(q), 100);
        }
    }
    if (neg) {
        mpz_neg(mpq_numref(q), mpq_numref(q));
    }
    mpq_canonicalize(q);
    return 0;
}

/* ---------------------------------------------------------------------- */

static unsigned char fold_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static uint64_t hash_bytes(const char *s, size_t len, bool fold)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        h ^= fold ? fold_byte(c) : c;
        h *= 1099511628211ull;
    }
    /* mix the high bits down: the table uses the low ones */
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

static bool same_name(const char *stored, const char *key, size_t len,
                      bool fold)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)stored[i];
        unsigned char c = (unsigned char)key[i];
        /* stored may be shorter than len: stop at its NUL */
        if (a == '\0' || (fold ? fold_byte(a) != fold_byte(c) : a != c)) {
            return false;
        }
    }
    return stored[len] == '\0';
}

/* A slot holds index + 1 in its low 32 bits (0 = empty) and 32 bits of the
 * name's hash in its high bits: a probe only reads a stored name when the
 * hashes agree, and growing never reads names at all (at ten million
 * players the names are scattered over the heap and each read is a cache
 * miss). */
static uint32_t hash32(const char *s, size_t len, bool fold)
{
    return (uint32_t)(hash_bytes(s, len, fold) >> 32);
}

long veto_i_hidx_find2(const veto_i_hidx_t *h, char *const *names,
                       const char *key, size_t len, long *twin)
{
    if (twin != NULL) {
        *twin = -1;
    }
    if (h->cap == 0) {
        return -1;
    }
    size_t mask = h->cap - 1;
    uint32_t hv = hash32(key, len, h->fold);
    size_t s = hv & mask;
    while (h->slot[s] != 0) {
        if ((uint32_t)(h->slot[s] >> 32) == hv) {
            size_t i = (size_t)(h->slot[s] & 0xFFFFFFFFu) - 1;
            if (same_name(names[i], key, len, false)) {
                return (long)i;
            }
            if (twin != NULL && *twin < 0 && h->fold &&
                same_name(names[i], key, len, true)) {
                *twin = (long)i;
            }
        }
        s = (s + 1) & mask;
    }
    return -1;
}

long veto_i_hidx_find(const veto_i_hidx_t *h, char *const *names,
                      const char *key, size_t len)
{
    return veto_i_hidx_find2(h, names, key, len, NULL);
}

static void put(uint64_t *slot, size_t mask, uint64_t entry)
{
    size_t s = (size_t)(entry >> 32) & mask;
    while (slot[s] != 0) {
        s = (s + 1) & mask;
    }
    slot[s] = entry;
}

veto_status veto_i_hidx_insert(veto_i_hidx_t *h, char *const *names, size_t i,
                               veto_error_t *err)
{
    /* keep the load under 3/4; cap <= 2^32 because i < 2^31 */
    if ((h->count + 1) * 4 > h->cap * 3) {
        size_t ncap = h->cap == 0 ? 16 : h->cap * 2;
        uint64_t *ns = veto_i_calloc(ncap, sizeof *ns);
        if (ns == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        for (size_t s = 0; s < h->cap; s++) {
            if (h->slot[s] != 0) {
                put(ns, ncap - 1, h->slot[s]);
            }
        }
        veto_i_free(h->slot);
        h->slot = ns;
        h->cap = ncap;
    }
    uint64_t hv = hash32(names[i], strlen(names[i]), h->fold);
    put(h->slot, h->cap - 1, (hv << 32) | (uint64_t)(i + 1));
    h->count++;
    return VETO_OK;
}

void veto_i_hidx_clear(veto_i_hidx_t *h)
{
    veto_i_free(h->slot);
    h->slot = NULL;
    h->cap = 0;
    h->count = 0;
}

long veto_i_names_find(const veto_i_names_t *l, const char *name, size_t len)
{
    return veto_i_hidx_find(&l->idx, l->name, name, len);
}

veto_status veto_i_names_add(veto_i_names_t *l, const char *name, size_t len,
                             size_t *index, veto_error_t *err)
{
    if (l->n >= ((size_t)1 << 31) - 1) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "more than %zu names in one model",
                             ((size_t)1 << 31) - 1);
    }
    if (l->n == l->cap) {
        size_t ncap = l->cap == 0 ? 16 : l->cap * 2;
        char **nn = veto_i_reallocarray(l->name, ncap, sizeof *nn);
        if (nn == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        l->name = nn;
        l->cap = ncap;
    }
    char *copy = veto_i_strndup(name, len);
    if (copy == NULL) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    l->name[l->n] = copy;
    veto_status rc = veto_i_hidx_insert(&l->idx, l->name, l->n, err);
    if (rc != VETO_OK) {
        veto_i_free(copy);
        return rc;
    }
    *index = l->n++;
    return VETO_OK;
}

void veto_i_names_clear(veto_i_names_t *l, bool free_names)
{
    veto_i_hidx_clear(&l->idx);
    if (free_names) {
        for (size_t i = 0; i < l->n; i++) {
            veto_i_free(l->name[i]);
        }
        veto_i_free(l->name);
    }
    l->name = NULL;
    l->n = 0;
    l->cap = 0;
}
