package io.github.sortlens.report;

import io.github.sortlens.config.ModelConfig;

/**
 * Figures published elsewhere that the report puts beside this run's own, with where they come from
 * (the team's shared REFERENCE.md, section 3). They are context for the reader, never used as results.
 */
public final class NotebookFigures {

    /** The seed notebook's printed training loss at step 50,000 (one batch of 16 training sequences). */
    public static final String NOTEBOOK_FINAL_TRAIN_LOSS = "0.0105 (training batch, step 50,000)";

    /** A careful PyTorch replica of the notebook, held out, 10,000 sequences, three runs. */
    public static final String REPLICA_TOKEN_ACCURACY = "99.40 – 99.65 % (PyTorch replica, held out)";
    public static final String REPLICA_FULLY_SORTED = "89.4 – 93.5 % (PyTorch replica, held out)";
    public static final String REPLICA_LOSS = "0.021 – 0.028 (PyTorch replica, held out)";
    public static final String NOTEBOOK_ACCURACY = "printed per training batch only; never measured held out";

    private NotebookFigures() {
    }

    /**
     * {@code figure} when the run is the notebook's task and model ({@link ModelConfig#SEED}), else a note that the
     * published figures are for another shape: they are context only for the same task.
     */
    public static String context(ModelConfig model, String figure) {
        return model.equals(ModelConfig.SEED) ? figure : "no published figure for this shape (the notebook's and "
                + "the replica's are for the default model)";
    }
}
