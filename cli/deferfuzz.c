/* deferfuzz.c - the deferfuzz command: run and explore Go-subset programs.
 *
 *   deferfuzz run PROG.go [--schedule S | --seed N] [--report] [--trace] ...
 *   deferfuzz explore PROG.go [--strategy random|dfs] [--runs N] [--time S]
 *                              [--json] [--fail-on IDS] ...
 *
 * The CLI is the one place that turns status codes into messages and exit
 * codes (DESIGN.md "Contracts"): explore and replay exit 0 when nothing was
 * found, 1 on findings, 3 on violations, 2 on bad usage or input. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char *const usage_top =
    "usage: deferfuzz <command> [arguments]\n"
    "\n"
    "deferfuzz runs Go-subset programs on a deterministic runtime and finds the\n"
    "schedules under which they break.\n"
    "\n"
    "commands:\n"
    "  run       run a program once under one schedule, as the compiled Go program would\n"
    "  explore   run a program under many schedules and list its distinct outcomes\n"
    "  replay    run a fuzzer input (a crash file): program, interleaving, verdict\n"
    "  minimize  shrink a failing fuzzer input (program, then schedule)\n"
    "  pack      write a program and a schedule as one fuzzer input\n"
    "  unpack    print the program of a fuzzer input and the command that replays it\n"
    "\n"
    "deferfuzz <command> --help describes a command.\n";

/* ================================================================ main */

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(usage_top, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    cli_command = argv[1]; /* for the --help hint of usage errors */
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc, argv);
    if (!strcmp(argv[1], "explore"))
        return cmd_explore(argc, argv);
#ifdef DEFERFUZZ_HAVE_FZ
    if (!strcmp(argv[1], "replay"))
        return cmd_replay(argc, argv);
    if (!strcmp(argv[1], "minimize"))
        return cmd_minimize(argc, argv);
    if (!strcmp(argv[1], "pack"))
        return cmd_pack(argc, argv);
    if (!strcmp(argv[1], "unpack"))
        return cmd_unpack(argc, argv);
#endif
    cli_command = NULL;
    fprintf(stderr, "deferfuzz: unknown command \"%s\"\n", argv[1]);
    fputs(usage_top, stderr);
    return EXIT_USAGE;
}
