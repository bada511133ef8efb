/*
 * fuzz_common.h: the body shared by the three libFuzzer harnesses. Each
 * harness reads the input as one model format; a model that reads is
 * described and, when small enough for enumeration to be quick, analysed.
 * Any crash, leak, sanitizer report or hang is a bug in libveto: the library
 * must answer every input with a model or an error record.
 */
#ifndef VETO_FUZZ_COMMON_H
#define VETO_FUZZ_COMMON_H

#include "veto.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Enumeration is 2^n times the rule size: 12 players keep one input well
 * under a millisecond of counting, so the fuzzer spends its time on reading
 * rather than on big analyses. */
#define FUZZ_MAX_ANALYSE_PLAYERS 12

static int fuzz_one(const uint8_t *data, size_t size, veto_format format)
{
    veto_model_t *model = NULL;
    veto_error_t err;
    veto_limits_t limits;

    veto_error_clear(&err);
    veto_limits_init(&limits);
    /* Smaller caps than the defaults keep each run fast; every cap is still
     * exercised because inputs can exceed them. */
    limits.max_depth = 200;
    limits.max_number_digits = 400;
    limits.max_players = 4096;

    veto_status rc = veto_model_read(&model, "fuzz", (const char *)data, size,
                                     format, &limits, &err);
    if (rc != VETO_OK) {
        /* A failure must leave no model behind and a message in err. */
        if (model != NULL || err.code == VETO_OK || err.message[0] == '\0') {
            __builtin_trap();
        }
        return 0;
    }
    if (model == NULL) {
        __builtin_trap();
    }

    char *text = NULL;
    veto_error_clear(&err);
    if (veto_model_describe(&text, model, &err) == VETO_OK) {
        if (text == NULL) {
            __builtin_trap();
        }
        (void)strlen(text);
    }

    /* Every model veto can write as .veto reads back to the same
     * normalised model (issue 13): the writer and the rule printer against
     * the parser, on whatever the fuzzer makes. */
    char *written = NULL;
    veto_error_clear(&err);
    if (text != NULL &&
        veto_model_write_veto(&written, model, &err) == VETO_OK) {
        veto_model_t *again = NULL;
        char *text2 = NULL;
        limits.max_depth = 2000; /* printing may add a level of parentheses */
        veto_error_clear(&err);
        if (veto_model_read(&again, "fuzz", written, strlen(written),
                            VETO_FORMAT_VETO, &limits, &err) != VETO_OK ||
            veto_model_describe(&text2, again, &err) != VETO_OK ||
            strcmp(text, text2) != 0) {
            __builtin_trap();
        }
        veto_free(text2);
        veto_model_free(again);
    }
    veto_free(written);
    veto_free(text);

    if (veto_model_nplayers(model) <= FUZZ_MAX_ANALYSE_PLAYERS) {
        veto_options_t opt;
        veto_result_t *res = NULL;
        veto_options_init(&opt);
        opt.method = VETO_METHOD_ENUM;
        opt.beliefs = true;
        opt.exact = true;
        opt.properties = true;
        opt.threads = 1;
        opt.timeout = 2.0;
        veto_error_clear(&err);
        (void)veto_analyse(&res, model, &opt, &err);
        veto_result_free(res);
    }
    veto_model_free(model);
    return 0;
}

#endif /* VETO_FUZZ_COMMON_H */
