package io.github.sortlens.config;

import static io.github.sortlens.config.ConfigException.require;

/**
 * How the model is trained. Defaults are the seed notebook's (Adam, lr 1e-3, batch 16, 50,001 steps, seed 123).
 *
 * @param batchSize       fresh sequences per step
 * @param steps           optimiser steps
 * @param lr              Adam learning rate
 * @param seed            the one seed: data, weight init, held-out set and examples all derive from it
 * @param logEvery        steps between training-loss log rows (loss and accuracy are means over those steps)
 * @param evalEvery       steps between held-out evaluations during training
 * @param evalSize        held-out sequences used by those periodic evaluations
 * @param checkpointEvery steps between checkpoints
 * @param snapshotEvery   steps between weight snapshots (for the training-dynamics analysis); 0 for none
 */
public record TrainConfig(int batchSize, int steps, double lr, long seed, int logEvery, int evalEvery, int evalSize,
                          int checkpointEvery, int snapshotEvery) {

    public static final TrainConfig SEED = new TrainConfig(16, 50_001, 1e-3, 123, 100, 2_500, 2_000, 2_500, 500);

    /** At most this many snapshots per run (about 28 KB each for the default model). */
    public static final int MAX_SNAPSHOTS = 1_000;

    public TrainConfig {
        require(batchSize >= 1 && batchSize <= 65_536, ConfigKeys.BATCH_SIZE, batchSize, "an integer from 1 to 65536");
        require(steps >= 1, ConfigKeys.STEPS, steps, "an integer from 1 to 2147483647");
        require(lr > 0 && lr <= 1 && Double.isFinite(lr), ConfigKeys.LR, lr, "a number in (0, 1]");
        require(seed >= 0, ConfigKeys.SEED, seed, "an integer from 0 to 9223372036854775807");
        require(logEvery >= 1, ConfigKeys.LOG_EVERY, logEvery, "an integer from 1 to 2147483647");
        require(evalEvery >= 1, ConfigKeys.EVAL_EVERY, evalEvery, "an integer from 1 to 2147483647");
        require(evalSize >= 1 && evalSize <= 1_000_000, ConfigKeys.EVAL_SIZE, evalSize, "an integer from 1 to 1000000");
        require(snapshotEvery == 0 || (snapshotEvery >= 1 && (long) steps / snapshotEvery <= MAX_SNAPSHOTS),
                ConfigKeys.SNAPSHOT_EVERY, snapshotEvery, "0 (none), or an integer from 1 to 2147483647 that gives at"
                        + " most " + MAX_SNAPSHOTS + " snapshots (" + ConfigKeys.STEPS.name() + " / "
                        + ConfigKeys.SNAPSHOT_EVERY.name() + ")");
        require(checkpointEvery >= 1, ConfigKeys.CHECKPOINT_EVERY, checkpointEvery, "an integer from 1 to 2147483647");
    }

    /** True when the weights after {@code step} steps are snapshotted: step 0, every snapshot_every, the last. */
    public boolean snapshotAt(int step) {
        return snapshotEvery > 0 && (step % snapshotEvery == 0 || step == steps);
    }
}
