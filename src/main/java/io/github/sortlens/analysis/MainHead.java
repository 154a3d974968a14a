package io.github.sortlens.analysis;

/**
 * The head a run's story is told about: the one with the largest mean direct contribution to the logit margin
 * (correct token minus the strongest wrong one) on held-out data. The findings speak of it, and the training
 * dynamics follow it, so both name the same head.
 */
public final class MainHead {

    private MainHead() {
    }

    /** Index of the head with the largest mean share of the logit margin (the first on a tie). */
    public static int of(MechanismResult m) {
        double[] mean = m.logitDiff().componentMean();   // [component]: embed, pos_embed, then each head
        int best = 0;
        for (int h = 1; h < m.heads().size(); h++) {
            if (mean[2 + h] > mean[2 + best]) {
                best = h;
            }
        }
        return best;
    }
}
