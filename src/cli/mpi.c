/*
 * mpi.c: what makes `veto-mpi` of the veto command. The library knows no
 * MPI: it hands Monte Carlo sample blocks to ranks (block b to rank
 * b mod nranks) and dp's primes likewise, and calls back to sum its
 * integer counts; this file supplies the rank, the number of ranks and
 * that callback, as an MPI_Allreduce. The same callback carries the ranks'
 * votes at Monte Carlo checkpoints under --timeout (src/sample/mc_stop.h),
 * so that they stop at the same one and rank 0 prints their combined
 * estimate. Only rank 0 writes output; every rank computes.
 *
 * MPI_Init takes a few tenths of a second of wall time (Open MPI's
 * components and its handshake with mpirun), spent mostly waiting, and
 * the work needs nothing from MPI until its first sum. So one thread of
 * our own calls MPI_Init_thread, makes every MPI call after it (each
 * reduce is handed to it and waited for: MPI_THREAD_FUNNELED is all it
 * asks) and MPI_Finalize at exit, while the main thread reads the model
 * and computes. The rank and the number of ranks come, before MPI_Init,
 * from the launcher's environment (Open MPI's OMPI_COMM_WORLD_RANK and
 * _SIZE, or PMI_RANK and PMI_SIZE of MPICH's launcher), and are checked
 * against MPI's once it is up (a mismatch aborts the run before any sum);
 * without them the main thread waits for MPI_Init as before.
 */
#include "cli.h"

#include <limits.h>
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What the main thread asks of the MPI thread. */
typedef enum mpi_op {
    OP_NONE,     /* nothing pending */
    OP_REDUCE,   /* sum sums[0..len) over the ranks */
    OP_FINALIZE, /* MPI_Finalize and end the thread */
    OP_ABORT     /* MPI_Abort(code) */
} mpi_op;

static struct {
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool up;   /* MPI_Init_thread has returned */
    int rank;  /* MPI's, once up */
    int size;  /* MPI's, once up */
    mpi_op op; /* the pending request (OP_NONE when done) */
    uint64_t *sums;
    size_t len;
    int code;    /* OP_ABORT's exit code */
    bool failed; /* the last reduce failed */
    bool ended;  /* MPI_Finalize done */
} mt = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

/* Wait until every rank has come here, asleep: a rank that finishes its
 * share first would otherwise spin inside MPI_Allreduce (Open MPI polls)
 * and take a core from a rank still computing when the cores are shared.
 * Polls every 0.2 ms after the first 0.1 ms. */
static bool arrive_all(void)
{
    MPI_Request req;
    if (MPI_Ibarrier(MPI_COMM_WORLD, &req) != MPI_SUCCESS) {
        return false;
    }
    for (unsigned spin = 0;; spin++) {
        int done = 0;
        if (MPI_Test(&req, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
            return false;
        }
        if (done) {
            return true;
        }
        if (spin >= 100) {
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
        }
    }
}

static bool reduce_now(uint64_t *sums, size_t len)
{
    if (!arrive_all()) {
        return false;
    }
    /* MPI counts are int: reduce in chunks. */
    for (size_t at = 0; at < len; at += (size_t)INT_MAX) {
        int k = (int)(len - at < (size_t)INT_MAX ? len - at : (size_t)INT_MAX);
        if (MPI_Allreduce(MPI_IN_PLACE, sums + at, k, MPI_UINT64_T, MPI_SUM,
                          MPI_COMM_WORLD) != MPI_SUCCESS) {
            return false;
        }
    }
    return true;
}

/* The MPI thread: every MPI call of the process is made here. */
static void *mpi_main(void *arg)
{
    (void)arg;
    int provided = 0, rank = 0, size = 1;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    pthread_mutex_lock(&mt.lock);
    mt.rank = rank;
    mt.size = size;
    mt.up = true;
    pthread_cond_broadcast(&mt.cond);
    for (;;) {
        while (mt.op == OP_NONE) {
            pthread_cond_wait(&mt.cond, &mt.lock);
        }
        mpi_op op = mt.op;
        pthread_mutex_unlock(&mt.lock);
        bool ok = true;
        if (op == OP_REDUCE) {
            ok = reduce_now(mt.sums, mt.len);
        } else if (op == OP_ABORT) {
            MPI_Abort(MPI_COMM_WORLD, mt.code);
        } else {
            MPI_Finalize();
        }
        pthread_mutex_lock(&mt.lock);
        mt.failed = !ok;
        mt.op = OP_NONE;
        if (op == OP_FINALIZE) {
            mt.ended = true;
        }
        pthread_cond_broadcast(&mt.cond);
        if (op == OP_FINALIZE) {
            pthread_mutex_unlock(&mt.lock);
            return NULL;
        }
    }
}

/* Hand op to the MPI thread and wait until it is done (which includes
 * waiting for MPI_Init). Returns false when the reduce failed. */
static bool ask(mpi_op op, uint64_t *sums, size_t len, int code)
{
    pthread_mutex_lock(&mt.lock);
    while (mt.op != OP_NONE) {
        pthread_cond_wait(&mt.cond, &mt.lock);
    }
    if (mt.ended) {
        pthread_mutex_unlock(&mt.lock);
        return false;
    }
    mt.op = op;
    mt.sums = sums;
    mt.len = len;
    mt.code = code;
    pthread_cond_broadcast(&mt.cond);
    while (mt.op != OP_NONE) {
        pthread_cond_wait(&mt.cond, &mt.lock);
    }
    bool ok = !mt.failed;
    pthread_mutex_unlock(&mt.lock);
    return ok;
}

/* The rank and size the launcher put in the environment: true when both
 * are there and make sense. */
static bool env_rank(const char *rname, const char *sname, int *rank, int *size)
{
    const char *r = getenv(rname), *s = getenv(sname);
    if (r == NULL || s == NULL) {
        return false;
    }
    char *end = NULL;
    long rv = strtol(r, &end, 10);
    if (*r == '\0' || *end != '\0') {
        return false;
    }
    long sv = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0') {
        return false;
    }
    if (sv < 1 || sv > INT_MAX || rv < 0 || rv >= sv) {
        return false;
    }
    *rank = (int)rv;
    *size = (int)sv;
    return true;
}

/* stderr as it was at start (the ranks but 0 close theirs). */
static int said = STDERR_FILENO;

/* Wait for MPI_Init; a rank or size other than the one the work was
 * started with ends the run. */
static void wait_up(int rank, int size)
{
    pthread_mutex_lock(&mt.lock);
    while (!mt.up) {
        pthread_cond_wait(&mt.cond, &mt.lock);
    }
    bool same = mt.rank == rank && mt.size == size;
    pthread_mutex_unlock(&mt.lock);
    if (!same) {
        /* on the terminal even from a rank whose stderr is closed */
        FILE *to = fdopen(said, "w");
        fprintf(to != NULL ? to : stderr,
                "veto-mpi: the launcher's environment says rank %d of %d, "
                "MPI says %d of %d\n",
                rank, size, mt.rank, mt.size);
        fflush(to != NULL ? to : stderr);
        ask(OP_ABORT, NULL, 0, EXIT_USAGE);
    }
}

static int env_rank_of = 0, env_size_of = 1;

static veto_status mpi_reduce(void *user, uint64_t *sums, size_t len)
{
    (void)user;
    wait_up(env_rank_of, env_size_of);
    return ask(OP_REDUCE, sums, len, 0) ? VETO_OK : VETO_EIO;
}

static void finish(void)
{
    if (mt.started) {
        wait_up(env_rank_of, env_size_of);
        ask(OP_FINALIZE, NULL, 0, 0);
        pthread_join(mt.thread, NULL);
        mt.started = false;
    }
}

void cli_mpi_setup(cli_t *c, int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    int rank = 0, size = 1;
    if (pthread_create(&mt.thread, NULL, mpi_main, NULL) != 0) {
        fputs("veto-mpi: cannot start the MPI thread\n", stderr);
        exit(EXIT_LIMIT);
    }
    mt.started = true;
    atexit(finish);
    if (!env_rank("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", &rank,
                  &size) &&
        !env_rank("PMI_RANK", "PMI_SIZE", &rank, &size)) {
        /* no launcher we know: wait for MPI itself */
        pthread_mutex_lock(&mt.lock);
        while (!mt.up) {
            pthread_cond_wait(&mt.cond, &mt.lock);
        }
        rank = mt.rank;
        size = mt.size;
        pthread_mutex_unlock(&mt.lock);
    }
    env_rank_of = rank;
    env_size_of = size;
    c->opts.rank = (uint64_t)rank;
    c->opts.nranks = (uint64_t)size;
    c->opts.reduce = mpi_reduce;
    c->opts.reduce_user = NULL;
    if (rank != 0) {
        said = dup(STDERR_FILENO);
        /* The same answer is on every rank: only rank 0 says it. */
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            ask(OP_ABORT, NULL, 0, EXIT_OUTPUT);
        }
        c->mpi_silent = true;
    }
}
