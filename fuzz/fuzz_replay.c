/* fuzz_replay.c - runs files (or every file of directories, in name
 * order) through a libFuzzer entry point without libFuzzer, so that ctest
 * can replay a corpus with any compiler. Calls LLVMFuzzerInitialize first
 * when the target has one. Exit status 0 when every input passed; a
 * failing input aborts, after a line naming the file.
 *
 * DEFERFUZZ_REPLAY_REPEAT=N runs every input N times (a benchmark of the
 * target's own cost per execution, without a fuzzing engine: bench/
 * fuzz_exec.sh) and ends with one JSON line on stdout: executions,
 * seconds, exec_per_sec, memo_hits (the executions the execution memo
 * answered without running them: 0 unless DEFERFUZZ_EXEC_MEMO_MB turns
 * it on here), counters_hash (of every counter index and value, input by
 * input: what an engine would have been given) and counters_per_exec (the mean number of
 * concurrency coverage counters an execution set: the features a fuzzing
 * engine would process after each input; 0 for fuzz_parse).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input being run, for the crash message. */
static const char *current;
/* DEFERFUZZ_REPLAY_REPEAT, and the executions run so far. */
static unsigned long repeat = 1, executions;
/* Coverage counters set per execution, summed (fuzz_common.c; fuzz_parse
 * has no such counters). */
__attribute__((weak)) size_t fuzz_counters_take(void);
/* Inputs the execution memo answered (fuzz_common.c; off here unless
 * DEFERFUZZ_EXEC_MEMO_MB turns it on). */
__attribute__((weak)) uint64_t fuzz_memo_hits(void);
/* A hash of every counter set, input by input (fuzz_common.c). */
__attribute__((weak)) uint64_t fuzz_counters_hash(void);
static unsigned long long counters_set;

static void on_crash(int sig)
{
    if (current) {
        static const char pre[] = "fuzz_replay: the input that crashed: ";
        ssize_t rc = write(2, pre, sizeof pre - 1);
        rc = write(2, current, strlen(current));
        rc = write(2, "\n", 1);
        (void)rc;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return 1;
    }
    /* An exact-size copy, as libFuzzer does, so ASan sees over-reads. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        fprintf(stderr, "%s: out of memory\n", path);
        return 1;
    }
    memcpy(exact, buf, len);
    free(buf);
    current = path;
    for (unsigned long k = 0; k < repeat; k++) {
        LLVMFuzzerTestOneInput(exact, len);
        if (fuzz_counters_take)
            counters_set += fuzz_counters_take();
    }
    executions += repeat;
    current = NULL;
    free(exact);
    return 0;
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        perror(path);
        return 1;
    }
    int rc = 0, count = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (name[0] != '.' && strcmp(name, "README.md") != 0) {
            size_t len = strlen(path) + strlen(name) + 2;
            char *full = malloc(len);
            if (!full)
                return 1;
            snprintf(full, len, "%s/%s", path, name);
            rc |= run_path(full);
            free(full);
            count++;
        }
        free(names[i]);
    }
    free(names);
    printf("%s: %d inputs\n", path, count);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    const char *rep = getenv("DEFERFUZZ_REPLAY_REPEAT");
    if (rep && *rep) {
        char *end;
        repeat = strtoul(rep, &end, 10);
        if (*end || repeat == 0 || repeat > 100000000ul) {
            fprintf(stderr, "%s: DEFERFUZZ_REPLAY_REPEAT must be a number from 1 to 100000000\n",
                    argv[0]);
            return 2;
        }
    }
    signal(SIGABRT, on_crash); /* SEGV stays with the sanitizers, when there are any */
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 1; i < argc; i++)
        rc |= run_path(argv[i]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rep && *rep) {
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf(
            "{\"executions\": %lu, \"seconds\": %.3f, \"exec_per_sec\": %.0f, "
            "\"memo_hits\": %llu, \"counters_hash\": \"%016llx\", \"counters_per_exec\": %.1f}\n",
            executions, secs, secs > 0 ? (double)executions / secs : 0.0,
            fuzz_memo_hits ? (unsigned long long)fuzz_memo_hits() : 0ull,
            fuzz_counters_hash ? (unsigned long long)fuzz_counters_hash() : 0ull,
            executions ? (double)counters_set / (double)executions : 0.0);
    }
    return rc;
}
