/*
 * test_auto.c - how `tasnif train --auto` chooses among cross-validated
 * candidates (auto_choose): the simplest within one standard error of the
 * best, the error of the difference taken fold by fold on the same folds
 * and corrected for overlapping training sets.
 */
#include <math.h>
#include <string.h>
#include "../../train/train.h"
#include "check.h"

enum { K = 5, M = 15 }; /* 3 x 5-fold */

/* Fold difficulty shared by every candidate: large swings from fold to fold. */
static double hard(int j)
{
    static const double d[] = {0.00, -0.06, 0.05, -0.03, 0.04};
    return d[j % K] + 0.01 * (j / K);
}

static int near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

int main(void)
{
    double s[3 * M];
    auto_cand c[3];
    int best, chosen;

    /* A steady gain of 0.01 on every fold, much smaller than the folds' own
     * spread: unpaired, the two would look alike; paired, the gain is
     * real, so the better (second) candidate is chosen. */
    for (int j = 0; j < M; j++) {
        s[j] = 0.80 + hard(j);
        s[M + j] = 0.81 + hard(j) + (j % 2 ? 0.001 : -0.001);
    }
    memset(c, 0, sizeof c);
    auto_choose(c, 2, s, M, K, &best, &chosen);
    check(best == 1 && chosen == 1, "a steady gain is chosen (best %d, chosen %d)", best, chosen);
    check(c[0].se > c[0].gap, "the gain (%g) is inside the unpaired error (%g)", c[0].gap, c[0].se);
    check(fabs(c[0].gap - 0.01) < 0.001 && c[0].gap_se < 0.005, "gap %g ± %g", c[0].gap, c[0].gap_se);
    check(near(c[1].gap, 0) && c[1].gap_se == 0, "the best's own gap is zero");

    /* The same mean gain, but won on some folds and lost on others: noise,
     * so the first (simplest) candidate stays. */
    for (int j = 0; j < M; j++)
        s[M + j] = s[j] + (j % 2 ? 0.05 : -0.03) + (j == M - 1 ? 0.04 : 0);
    memset(c, 0, sizeof c);
    auto_choose(c, 2, s, M, K, &best, &chosen);
    check(best == 1 && chosen == 0, "an unsteady gain keeps the first (best %d, chosen %d)", best, chosen);
    check(c[0].gap > 0 && c[0].gap <= c[0].gap_se, "gap %g within ± %g", c[0].gap, c[0].gap_se);

    /* The correction: the standard error is sqrt((1/M + 1/(K-1)) var),
     * not sqrt(var / M). */
    for (int j = 0; j < M; j++)
        s[j] = j % 2 ? 0.7 : 0.8;
    memset(c, 0, sizeof c);
    auto_choose(c, 1, s, M, K, &best, &chosen);
    double mean = (8 * 0.8 + 7 * 0.7) / M, var = 0;
    for (int j = 0; j < M; j++)
        var += (s[j] - mean) * (s[j] - mean);
    var /= M - 1;
    check(near(c[0].mean, mean), "mean %g", c[0].mean);
    check(near(c[0].se, sqrt((1.0 / M + 1.0 / (K - 1)) * var)), "corrected se %g", c[0].se);

    /* Three candidates, the best last: the middle one is within noise of
     * it, so it is chosen over the best but not the first, which is
     * clearly below. */
    for (int j = 0; j < M; j++) {
        s[j] = 0.70 + hard(j);
        s[M + j] = 0.80 + hard(j) + (j % 3 ? 0.01 : -0.02);
        s[2 * M + j] = 0.80 + hard(j) + (j % 3 ? -0.01 : 0.03);
    }
    memset(c, 0, sizeof c);
    auto_choose(c, 3, s, M, K, &best, &chosen);
    check(best == 2 && chosen == 1, "the simplest within noise of the best (best %d, chosen %d)", best, chosen);
    check(c[0].gap > c[0].gap_se, "the first is clearly below (gap %g ± %g)", c[0].gap, c[0].gap_se);

    /* Equal scores everywhere: the first is the best and is chosen. */
    for (int j = 0; j < 3 * M; j++)
        s[j] = 0.5;
    memset(c, 0, sizeof c);
    auto_choose(c, 3, s, M, K, &best, &chosen);
    check(best == 0 && chosen == 0 && c[2].gap == 0 && c[2].se == 0, "ties go to the first");

    return check_done();
}
