/*
 * mpi.c: what makes `veto-mpi` of the veto command. The library knows no
 * MPI: it hands Monte Carlo sample blocks to ranks (block b to rank
 * b mod nranks) and calls back to sum its integer counts; this file
 * supplies the rank, the number of ranks and that callback, as an
 * MPI_Allreduce. The same callback carries the ranks' votes at Monte Carlo
 * checkpoints under --timeout (src/sample/mc_stop.h), so that they stop
 * at the same one and rank 0 prints their combined estimate. Only rank 0
 * writes output; every rank computes.
 */
#include "cli.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static veto_status mpi_reduce(void *user, uint64_t *sums, size_t len)
{
    MPI_Comm comm = *(MPI_Comm *)user;
    /* MPI counts are int: reduce in chunks. */
    for (size_t at = 0; at < len; at += (size_t)INT_MAX) {
        int k = (int)(len - at < (size_t)INT_MAX ? len - at : (size_t)INT_MAX);
        if (MPI_Allreduce(MPI_IN_PLACE, sums + at, k, MPI_UINT64_T, MPI_SUM,
                          comm) != MPI_SUCCESS) {
            return VETO_EIO;
        }
    }
    return VETO_OK;
}

static MPI_Comm world;

static void finish(void)
{
    int done = 0;
    MPI_Finalized(&done);
    if (!done) {
        MPI_Finalize();
    }
}

void cli_mpi_setup(cli_t *c, int *argc, char ***argv)
{
    int rank = 0, size = 1;
    MPI_Init(argc, argv);
    atexit(finish);
    world = MPI_COMM_WORLD;
    MPI_Comm_rank(world, &rank);
    MPI_Comm_size(world, &size);
    c->opts.rank = (uint64_t)rank;
    c->opts.nranks = (uint64_t)size;
    c->opts.reduce = mpi_reduce;
    c->opts.reduce_user = &world;
    if (rank != 0) {
        /* The same answer is on every rank: only rank 0 says it. */
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            MPI_Abort(world, EXIT_OUTPUT);
        }
        c->mpi_silent = true;
    }
}
