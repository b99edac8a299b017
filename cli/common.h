/*
 * common.h - helpers the command front ends share.
 */
#ifndef TASNIF_CLI_COMMON_H
#define TASNIF_CLI_COMMON_H

#include "opts.h"
#include "../features/files.h"
#include "../predict/report_common.h"
#include "../train/train.h"

/* Print "tasnif: <message>" on stderr and @return EXIT_FAIL (or EXIT_USAGE
 * for TASNIF_EARG). */
int cli_fail(const tasnif_err *err);

/* ---- progress and colour (progress.c) ---- */

/* --progress and --color: auto, always, never (cli_parse_when). */
enum { CLI_WHEN_AUTO, CLI_WHEN_ALWAYS, CLI_WHEN_NEVER };
int cli_parse_when(const opt_def *o, const char *arg, char *why, size_t whylen);
/* Colour on fd: always, never, or auto = a terminal, NO_COLOR unset or
 * empty, and TERM not dumb. */
int cli_colour(int fd, int when);
/* Start rendering progress as `when` says (never: nothing); reads
 * TASNIF_PROGRESS_INTERVAL (seconds between plain lines, default 10). */
void cli_progress_setup(int when);
/* Is progress shown at all? */
int cli_progress_on(void);
/* The one renderer of the library's progress events (a progress_fn):
 * one updating line on a terminal, plain lines in a log (progress.c). */
void cli_progress(void *user, const progress_event *e);
/* Clear the terminal's progress line, if one is up (before other output). */
void cli_progress_done(void);

/* ---- CI systems (ci.c) ---- */

/* --ci: auto (github when GITHUB_ACTIONS=true), github, none. */
enum { CLI_CI_AUTO, CLI_CI_GITHUB, CLI_CI_NONE };
int cli_parse_ci(const opt_def *o, const char *arg, char *why, size_t whylen);
void cli_ci_setup(int ci);
int cli_ci_github(void);
/* A GitHub Actions workflow command on stderr: ::level file=F,line=L,
 * title=T::msg (file NULL or "": none; line 0: none), escaped. */
void cli_annotate(const char *level, const char *file, long line, const char *title, const char *msg);
/* Under github, err (naming a file) as an ::error command; @return 1 when
 * so reported, 0 otherwise (cli_fail then prints the plain line). */
int cli_ci_error(const tasnif_err *err);
/* A document skipped under --skip-bad: "tasnif: skipped MSG", or a
 * ::warning with its file and line under github. */
void cli_skipped(const tasnif_err *e);
/* A failed gate of command `what` ("tasnif eval"): "tasnif: gate failed:
 * MSG", or an ::error under github. */
void cli_gate_failed(const char *what, const report_gate *g);
/* Append len bytes to path (--summary); @return 0 or -1 (reported). */
int cli_append_summary(const char *path, const char *buf, size_t len);

/* A model opened for scoring: the model, an extraction context for its
 * feature configuration, and scoring buffers. */
typedef struct cli_model {
    tasnif_model *m;
    feat_ctx *ctx;
    model_scratch sc;
} cli_model;

/* Open path; @return -1 on success, else the exit code (error printed). */
int cli_model_open(cli_model *cm, const char *path);
void cli_model_close(cli_model *cm);

/*
 * Check an output before any work (file_check_output): path ("-" for
 * standard output) against the run's inputs — in1, in2 (a model, a
 * baseline; NULL when none) and files[0..nfiles) — and another output of
 * the run (or NULL).  @return -1 when it may be written, else the exit
 * code (the reason printed).
 */
int cli_check_output(const char *path, const char *other, const char *in1, const char *in2, char *const *files,
                     int nfiles);

/* The arguments of a command that reads a corpus with a model (eval,
 * features): -m given, at least one corpus file (argv[first..argc), named
 * `what` in the error), and --input-format a corpus format, stored in
 * *fmt.  @return -1 to go on, or the exit code (usage error reported). */
int cli_model_corpus_args(const cmd_spec *cmd, const char *model_path, int first, int argc, const char *what,
                          const char *input_format, int *fmt);

/* The files paths[0..n) named for an output, as text any format can hold
 * (text_printable; "-" as "<stdin>"), joined by ", "; malloc'd, NULL when
 * out of memory. */
char *cli_names(const char *const *paths, int n);

/* On SIGINT, SIGTERM and SIGHUP remove the temporary file of a write in
 * progress (file_tmp_cleanup), then die by the signal as before.  Signals
 * the program was started ignoring stay ignored. */
void cli_cleanup_on_signals(void);

/* Parsers for OPT_CALL options. */
int cli_parse_kernel(const opt_def *o, const char *arg, char *why, size_t whylen);
/* "0" or "1" into an int. */
int cli_parse_bool01(const opt_def *o, const char *arg, char *why, size_t whylen);
/* "N" (orders up to N), "MIN-MAX", or "0" (none) into int[2]; each order
 * within o's range. */
int cli_parse_range(const opt_def *o, const char *arg, char *why, size_t whylen);

/* The options of the feature parameters (features/params.c), setting *cfg,
 * written to out (room for cap); @return how many.  Their help shows the
 * defaults of feat_config_defaults.  An FP_CHOICE option stores its index. */
size_t cli_feature_opts(opt_def *out, size_t cap, feat_config *cfg);

/* Where the documents' parts are (features/corpus.h): set by the
 * CLI_OPTS_CORPUS options of every command that reads corpora, with notes
 * (a header row taken as such) printed on stderr. */
extern corpus_spec cli_spec;
#define CLI_OPTS_CORPUS \
    {"text-field", 0, OPT_STR, &cli_spec.text_fields, 0, NULL, "NAME[,NAME...]", "text", "JSON Lines keys (dotted paths: meta.body) or CSV columns of the text; several are joined in order", OPT_NORANGE}, \
    {"title-field", 0, OPT_STR, &cli_spec.title_field, 0, NULL, "NAME", NULL, "JSON Lines key or CSV column put first in the text, so the lead's features see it", OPT_NORANGE}, \
    {"label-field", 0, OPT_STR, &cli_spec.label_field, 0, NULL, "NAME", "label (labels for label sets; CSV: label, labels, category or class)", "JSON Lines key (a string, a number or an array of strings) or CSV column of the label", OPT_NORANGE}, \
    {"id-field", 0, OPT_STR, &cli_spec.id_field, 0, NULL, "NAME", "id where present", "JSON Lines key or CSV column of the document's id, which names it in every output (without one: FILE:LINE)", OPT_NORANGE}, \
    {"id-column", 0, OPT_SET, &cli_spec.tsv_id, 1, NULL, NULL, NULL, "TSV lines are id<TAB>label<TAB>text: the first column is the document's id", OPT_NORANGE}, \
    {"no-header", 0, OPT_SET, &cli_spec.no_header, 1, NULL, NULL, NULL, "a first TSV line such as label<TAB>text is a document, not a header row; a CSV file has no header row (columns by number: label 1, text 2)", OPT_NORANGE}

/* An output option (opt, e.g. "-o") whose value path is "-" writes to
 * standard output: refused when busy (what standard output carries
 * already, or NULL) or when a binary file (what: "model", "index") would
 * go to a terminal.  @return -1 to go on, or EXIT_USAGE (reported). */
int cli_output_stdout(const cmd_spec *cmd, const char *opt, const char *path, const char *what, int binary,
                      const char *busy);
/* An output's name in messages: "standard output" for "-". */
const char *cli_output_name(const char *path);

/* The corpus options against the format fmt the command was given (-1
 * when it reads whole files only): fields go with JSON Lines and CSV,
 * --id-column with TSV.  @return -1 to go on, or EXIT_USAGE (reported). */
int cli_corpus_spec_check(const cmd_spec *cmd, int fmt);

/* Options several commands share, with their ranges. */
#define CLI_THREADS_MAX 64
#define CLI_BYTES_MAX 1125899906842624.0 /* 2^50 */
#define CLI_OPT_MAX_LINE_BYTES(dest) \
    {"max-line-bytes", 0, OPT_LONG, dest, 0, NULL, "N", "67108864", "refuse longer lines or files", 1, CLI_BYTES_MAX, \
     OPT_DEFAULT}
/* --threads with a default value (def a number) or a default in words
 * (the command then sets it, flags 0) */
#define CLI_OPT_THREADS(dest, def, flags, help) \
    {"threads", 'j', OPT_INT, dest, 0, NULL, "N", def, help, 1, CLI_THREADS_MAX, flags}
#define CLI_OPT_PROGRESS(dest) \
    {"progress", 0, OPT_CALL, dest, 0, cli_parse_when, "WHEN", "auto", "progress on standard error: auto (an updating " \
     "line on a terminal; in a log, plain lines once a run has lasted 10 s), always, never", 0, 0, OPT_DEFAULT}
#define CLI_OPT_COLOR(dest) \
    {"color", 0, OPT_CALL, dest, 0, cli_parse_when, "WHEN", "auto", "colour in text reports: auto (a terminal, " \
     "NO_COLOR unset, TERM not dumb), always, never", 0, 0, OPT_DEFAULT}
#define CLI_OPT_CI(dest) \
    {"ci", 0, OPT_CALL, dest, 0, cli_parse_ci, "SYSTEM", "auto", "github: bad lines, skipped documents and failed " \
     "gates as GitHub Actions workflow commands on stderr; none; auto: github when GITHUB_ACTIONS=true", 0, 0, \
     OPT_DEFAULT}
#define CLI_OPT_SEED(dest, help) \
    {"seed", 0, OPT_INT, dest, 0, NULL, "N", FEAT_STR(SOLVER_DEF_SEED), help, 0, 2147483647, OPT_DEFAULT}

/* The options of a command that trains (train, audit) into out (room for
 * cap): head, the feature parameters (cli_feature_opts on cfg), with
 * --word-ngrams and --char-ngrams parsed by orders, then tail, then a
 * zeroed end.  head and tail end with a zeroed entry. */
void cli_training_opts(opt_def *out, size_t cap, const opt_def *head, feat_config *cfg, opt_fn orders,
                       const opt_def *tail);

/* The feature defaults that depend on the run, for a command that trains
 * (cfg parsed with feature_mode and lead_ngrams -1 meaning "not given"):
 * sparse, or sparse and dense with --lsa; the lead's n-grams of label sets
 * when multi; the large-corpus orders above FEAT_LARGE_TEXT_MB of text in
 * paths unless orders_given (--word-ngrams or --char-ngrams). */
void cli_feature_resolve(feat_config *cfg, int multi, int orders_given, char *const *paths, int npaths);

/* Bytes of memory available now (physical pages free or reclaimable), 0
 * when unknown. */
double cli_available_memory(void);

#endif
