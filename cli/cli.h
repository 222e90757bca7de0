/* cli.h - what the deferfuzz command's source files share (internal to cli/). */
#ifndef DEFERFUZZ_CLI_H
#define DEFERFUZZ_CLI_H

#include "lang.h"
#include "oracle.h"
#include "rt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_FOUND     1
#define EXIT_USAGE     2
#define EXIT_VIOLATION 3

/* Options of run and explore. */
typedef struct opts {
    const char *prog;
    const char *schedule; /* run: --schedule */
    bool have_seed;
    uint64_t seed;
    bool report, trace, json;
    const char *strategy; /* explore: random | pct | dfs */
    uint32_t depth;       /* explore --strategy pct: bug depth (0: not given) */
    uint64_t runs;
    double seconds;
    uint32_t fail_on; /* bit per oracle_finding_id; 0 = every finding */
    lang_run_opts run;
} opts;

/* The command being run (argv[1]), named by die_usage's hint; NULL before
 * one is known. */
extern const char *cli_command;

/* Prints "deferfuzz: message" and a hint to the command's --help on stderr,
 * exits 2. */
void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

extern const char *const usage_common; /* --lang, --preempt, --max-steps */
extern const char *const usage_run;
extern const char *const usage_explore;

uint64_t parse_u64(const char *flag, const char *s);
/* The run options in r that differ from the defaults, as command-line
 * flags (" --preempt sync --lang go1.19 --max-steps N"; "" when none), for
 * printed commands. A static buffer, overwritten by the next call. */
const char *run_flags(const lang_run_opts *r);
/* Exits 2 with a message unless out can be written: a writable file that is
 * not the input in (NULL: none), or a new file in a writable directory.
 * Checked before the work, not after it. */
void check_output(const char *out, const char *in);
/* The program of a schedule-only input: given (--program), else a
 * non-empty $DEFERFUZZ_PROGRAM, else NULL. */
const char *program_or_env(const char *given);
/* s as one shell word for a printed command (fz_shell_word): valid until
 * eight more calls. */
const char *sh(const char *s);
/* A step budget (--max-steps): a number of at least 1. */
uint64_t parse_steps(const char *flag, const char *s);
uint32_t parse_fail_on(const char *s);
void parse_args(int argc, char **argv, bool explore, opts *o);

/* Schedule strings (rt_schedule_*); errors end the process with exit 2. */
char *schedule_format(const rt_decision_rec *d, size_t n);
uint32_t *schedule_parse(const char *s, size_t *n);

/* Loads o->prog or exits 2 with the front end's message. */
lang_program *load(const opts *o);
/* oracle site namer over a lang_program (ctx). */
const char *site_namer(void *ctx, uint32_t site);
/* The --trace timeline of r on out: one lane per goroutine, each
 * event with its line and (given src, the program text) the source line. */
void print_timeline(FILE *out, const lang_program *p, const rt_result *r, const char *src,
                    size_t srclen);
/* Reads a whole file (malloc'd, *len bytes; NULL on error). */
char *read_file(const char *path, size_t *len);
/* s[0..n) as a JSON string on stdout. */
void json_str(const char *s, size_t n);
/* A finding bit set as a JSON array of ids on stdout. */
void print_findings_json(uint32_t f);
/* "  label:" and s indented by four spaces, on stdout. */
void print_indented(const char *label, const char *s, size_t n);

int cmd_run(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_replay(int argc, char **argv);   /* cmd_replay.c */
int cmd_minimize(int argc, char **argv); /* cmd_replay.c */
int cmd_pack(int argc, char **argv);     /* cmd_pack.c */
int cmd_unpack(int argc, char **argv);   /* cmd_pack.c */
/* Whether data is a fuzzer input cut short (fz_truncated); then msg says
 * how. cmd_pack.c. */
bool input_truncated(const uint8_t *data, size_t len, char *msg, size_t cap);

#endif /* DEFERFUZZ_CLI_H */
