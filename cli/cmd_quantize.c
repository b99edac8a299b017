/*
 * cmd_quantize.c - `tasnif quantize`: a linear model's weights stored again
 * as f32 or int8 (models/weights.c), for a smaller file that loads faster.
 */
#include <string.h>
#include <sys/stat.h>
#include "common.h"

static const char *model_path, *out_path, *weights;
static int quiet;

static const opt_def quantize_opts[] = {
    {"model", 'm', OPT_STR, &model_path, 0, NULL, "IN", NULL, "model file from tasnif train (required)", OPT_NORANGE},
    {"output", 'o', OPT_STR, &out_path, 0, NULL, "OUT", NULL, "the model written with its weights re-encoded (required)", OPT_NORANGE},
    {"weights", 0, OPT_STR, &weights, 0, NULL, "ENC", "f32", "f32 (each weight rounded to 4 bytes), int8 (1 byte and a scale per decision function) or f64", 0, 0, OPT_DEFAULT},
    {"quiet", 'q', OPT_SET, &quiet, 1, NULL, NULL, NULL, "no summary line on stderr", OPT_NORANGE},
    {0},
};

static const cmd_spec quantize_cmd = {
    "quantize", "-m IN -o OUT [--weights f32|int8]",
    "Write a linear model again with its weights stored as f32 or int8: the\n"
    "same features, labels, thresholds and training summary, a smaller file\n"
    "that loads faster.  f32 keeps every prediction of the shared test splits;\n"
    "int8 stores round(w / s) with s = max |w| / 127 per decision function\n"
    "(bench/results/load.md measures what it changes).",
    quantize_opts,
    "Kernel models keep support vectors and are refused.  OUT is written\n"
    "atomically (a new file renamed over it).\n"
    "Exit status: 0 success, 1 unreadable model or write error, 2 usage error.\n",
};

int cmd_quantize(int argc, char **argv)
{
    int first, rc = opts_parse(&quantize_cmd, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if (!model_path || !out_path)
        return opts_usage_error(&quantize_cmd, "give -m IN and -o OUT");
    if (first != argc)
        return opts_usage_error(&quantize_cmd, "unexpected argument '%s'", argv[first]);
    int wenc = model_weights_parse(weights);
    if (wenc < 0)
        return opts_usage_error(&quantize_cmd, "--weights takes f32, int8 or f64, not '%s'", weights);
    if (strcmp(out_path, "-") == 0)
        return opts_usage_error(&quantize_cmd, "-o needs a file: a model is not written to standard output");
    if ((rc = cli_check_output(out_path, NULL, model_path, NULL, NULL, 0)) >= 0)
        return rc;
    tasnif_err err = {0};
    tasnif_model *m = NULL;
    if (tasnif_model_load(model_path, &m, &err) < 0)
        return cli_fail(&err);
    int from = m->wenc;
    size_t before = m->blob_len;
    if ((rc = model_set_weights(m, wenc)) < 0) {
        tasnif_model_free(m);
        if (rc == TASNIF_EARG) {
            fprintf(stderr, "tasnif: %s: a kernel model has no weights to quantize (support vectors)\n", model_path);
            return EXIT_FAIL;
        }
        fprintf(stderr, "tasnif: out of memory\n");
        return EXIT_FAIL;
    }
    rc = model_save(m, out_path, &err);
    tasnif_model_free(m);
    if (rc < 0)
        return cli_fail(&err);
    struct stat st;
    if (!quiet && stat(out_path, &st) == 0)
        fprintf(stderr, "tasnif: wrote %s: weights %s -> %s, %zu -> %lld bytes\n", out_path, model_weights_name(from),
                model_weights_name(wenc), before, (long long)st.st_size);
    return cli_flush_stdout();
}
