/* assets.h: the files veto-serve serves, embedded at build time by
 * embed.py (the page, its script and style, the examples as JSON). */
#ifndef VETO_SERVE_ASSETS_H
#define VETO_SERVE_ASSETS_H

#include <stddef.h>

typedef struct serve_asset {
    const char *path; /* URL path */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
} serve_asset_t;

extern const serve_asset_t serve_assets[];
extern const size_t serve_nassets;

#endif
