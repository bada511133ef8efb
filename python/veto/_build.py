"""cffi build script (API mode): the part of veto.h the package calls, and a
few C helpers for what cffi cannot reach (GMP fractions in a sweep spec, the
cancel callback)."""
import os

from cffi import FFI

ffibuilder = FFI()

ffibuilder.cdef("""
typedef enum veto_status {
    VETO_OK = 0, VETO_ENOMEM = 1, VETO_EPARSE = 2, VETO_EINVAL = 3,
    VETO_EOVERFLOW = 4, VETO_ELIMIT = 5, VETO_EMISUSE = 6, VETO_EIO = 7,
    VETO_ECANCELLED = 8, VETO_ETIMEOUT = 9, VETO_EUNSUPPORTED = 10
} veto_status;

typedef enum veto_hint_code { VETO_HINT_NONE = 0, ... } veto_hint_code;

typedef struct veto_error {
    veto_status code;
    char file[256];
    unsigned line;
    unsigned col;
    char message[512];
    char context[256];
    char hint[256];
    veto_hint_code hint_code;
    ...;
} veto_error_t;

typedef struct veto_limits {
    size_t max_file_bytes;
    size_t max_players;
    size_t max_name_bytes;
    size_t max_depth;
    size_t max_number_digits;
    bool allow_include_outside;
    ...;
} veto_limits_t;

typedef enum veto_format { VETO_FORMAT_AUTO = 0, VETO_FORMAT_VETO,
                           VETO_FORMAT_JSON, VETO_FORMAT_BARE } veto_format;
typedef enum veto_method { VETO_METHOD_AUTO = 0, VETO_METHOD_DP,
                           VETO_METHOD_BDD, VETO_METHOD_ENUM,
                           VETO_METHOD_MC } veto_method;
typedef enum veto_report_format { VETO_REPORT_TEXT = 0, VETO_REPORT_JSON,
    VETO_REPORT_CSV, VETO_REPORT_MD, VETO_REPORT_SVG,
    VETO_REPORT_HTML } veto_report_format;

typedef struct veto_options {
    unsigned indices;
    veto_method method;
    bool exact;
    bool beliefs;
    bool properties;
    uint64_t max_memory;
    double timeout;
    unsigned threads;
    uint64_t seed;
    uint64_t samples;
    double epsilon;
    double confidence;
    ...;
} veto_options_t;

typedef struct veto_report_options {
    veto_report_format format;
    bool exact;
    ...;
} veto_report_options_t;

typedef struct veto_model veto_model_t;
typedef struct veto_result veto_result_t;
typedef struct veto_explanation veto_explanation_t;
typedef struct veto_sweep veto_sweep_t;
typedef struct veto_design veto_design_t;
typedef struct { ...; } veto_sweep_spec_t;

const char *veto_strerror(veto_status code);
void veto_free(void *p);
void veto_error_clear(veto_error_t *err);
size_t veto_hint_text(char *buf, size_t size, const veto_error_t *err);
void veto_limits_init(veto_limits_t *limits);
void veto_options_init(veto_options_t *opt);
void veto_report_options_init(veto_report_options_t *opt);

veto_status veto_model_read(veto_model_t **out, const char *name,
                            const char *text, size_t len, veto_format format,
                            const veto_limits_t *limits, veto_error_t *err);
veto_status veto_model_read_file(veto_model_t **out, const char *path,
                                 veto_format format,
                                 const veto_limits_t *limits,
                                 veto_error_t *err);
void veto_model_free(veto_model_t *model);
size_t veto_model_nplayers(const veto_model_t *model);
const char *veto_model_player(const veto_model_t *model, size_t i);
veto_status veto_model_player_index(size_t *index, const veto_model_t *model,
                                    const char *name, veto_error_t *err);
const char *veto_model_title(const veto_model_t *model);
const char *veto_model_filename(const veto_model_t *model);
size_t veto_model_nscenarios(const veto_model_t *model);
const char *veto_model_scenario(const veto_model_t *model, size_t s);
size_t veto_model_nwarnings(const veto_model_t *model);
const char *veto_model_warning(const veto_model_t *model, size_t i);
veto_status veto_model_describe(char **out, const veto_model_t *model,
                                veto_error_t *err);

veto_status veto_analyse(veto_result_t **out, const veto_model_t *model,
                         const veto_options_t *opt, veto_error_t *err);
void veto_result_free(veto_result_t *result);
veto_status veto_explain(veto_explanation_t **out, const veto_model_t *model,
                         size_t player, const char *scenario,
                         const veto_options_t *opt, veto_error_t *err);
void veto_explanation_free(veto_explanation_t *e);
veto_status veto_sweep(veto_sweep_t **out, const veto_model_t *model,
                       const veto_sweep_spec_t *spec,
                       const veto_options_t *opt, veto_error_t *err);
void veto_sweep_free(veto_sweep_t *s);
veto_status veto_design_remove_veto(veto_design_t **out,
                                    const veto_model_t *model, size_t player,
                                    size_t max_candidates,
                                    const veto_options_t *opt,
                                    veto_error_t *err);
void veto_design_free(veto_design_t *d);

veto_status veto_report_full(char **out, const veto_model_t *const *models,
                             const veto_result_t *const *results,
                             size_t count, const veto_report_options_t *opt,
                             veto_error_t *err);
veto_status veto_report_power(char **out, const veto_model_t *model,
                              const veto_result_t *result,
                              const veto_report_options_t *opt,
                              veto_error_t *err);
veto_status veto_report_compare(char **out,
                                const veto_model_t *const *models,
                                const veto_result_t *const *results,
                                size_t count,
                                const veto_report_options_t *opt,
                                veto_error_t *err);
veto_status veto_report_explain(char **out, const veto_model_t *model,
                                const veto_explanation_t *e,
                                const veto_report_options_t *opt,
                                veto_error_t *err);
veto_status veto_report_sweep(char **out, const veto_model_t *model,
                              const veto_sweep_t *s,
                              const veto_report_options_t *opt,
                              veto_error_t *err);
veto_status veto_report_design(char **out, const veto_model_t *model,
                               const veto_design_t *d,
                               const veto_report_options_t *opt,
                               veto_error_t *err);

/* helpers below, defined in the extension */
void pyveto_watch(veto_options_t *opt, int *flag);
veto_sweep_spec_t *pyveto_spec_new(int kind, size_t who, const char *scenario,
                                   const char *from, const char *to,
                                   size_t steps, int abstain,
                                   const char *bloc, char param);
void pyveto_spec_free(veto_sweep_spec_t *s);
""")

ffibuilder.set_source("veto._veto", r"""
#include <stdlib.h>
#include <veto.h>

/* The cancel callback: the analysis asks now and then; a non-zero flag (set
 * by the Python thread on KeyboardInterrupt) stops it with
 * VETO_ECANCELLED. */
static int pyveto_progress(void *user, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    return *(volatile int *)user;
}

static void pyveto_watch(veto_options_t *opt, int *flag)
{
    opt->progress = pyveto_progress;
    opt->progress_user = flag;
}

/* A sweep spec with its fractions parsed by GMP ("1/3", "7"); NULL when a
 * value is not a fraction or on ENOMEM. kind: 0 a belief, 1 a threshold,
 * 2 a bloc's Beta parameter (bloc, param 'a' or 'b'; bloc and scenario
 * must outlive the spec). abstain: a belief sweep moves the abstain
 * probability of a three-valued model. */
static veto_sweep_spec_t *pyveto_spec_new(int kind, size_t who,
                                          const char *scenario,
                                          const char *from, const char *to,
                                          size_t steps, int abstain,
                                          const char *bloc, char param)
{
    veto_sweep_spec_t *s = malloc(sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    veto_sweep_spec_init(s);
    if (mpq_set_str(s->from, from, 10) != 0 || mpq_set_str(s->to, to, 10) != 0
        || (mpz_sgn(mpq_denref(s->from)) == 0)
        || (mpz_sgn(mpq_denref(s->to)) == 0)) {
        veto_sweep_spec_clear(s);
        free(s);
        return NULL;
    }
    mpq_canonicalize(s->from);
    mpq_canonicalize(s->to);
    s->kind = kind == 1   ? VETO_SWEEP_QUOTA
              : kind == 2 ? VETO_SWEEP_BLOC
                          : VETO_SWEEP_BELIEF;
    s->bloc = bloc;
    s->param = param;
    s->player = who;
    s->threshold = who;
    s->scenario = scenario;
    s->steps = steps;
    /* three-valued models (issue 10): move P(abstain), P(yes) held */
    s->vote = abstain ? VETO_VOTE_ABSTAIN : VETO_VOTE_YES;
    return s;
}

static void pyveto_spec_free(veto_sweep_spec_t *s)
{
    if (s != NULL) {
        veto_sweep_spec_clear(s);
        free(s);
    }
}
""",
    include_dirs=[os.environ.get("VETO_INCLUDE_DIR", "../include")],
    library_dirs=[os.environ.get("VETO_LIB_DIR", "../build")],
    runtime_library_dirs=[os.environ.get("VETO_LIB_DIR", "../build")],
    libraries=["veto", "gmp"])

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
