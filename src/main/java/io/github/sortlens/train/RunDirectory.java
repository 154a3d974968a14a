package io.github.sortlens.train;

import java.nio.file.Path;

/**
 * The layout of a run directory: what training writes and the later stages read. One place for every file name.
 *
 * <pre>
 * .sortlens-run       the marker: written first by train, so that train writes only into a folder of its own
 * config.properties   resolved config, key=value lines (all sections)
 * checkpoint.bin      config, step, weights, Adam state, RNG state, history; SHA-256 trailer
 * weights.npz         weights under TransformerLens state-dict names (NumPy, float32)
 * history.csv/.json   training log rows and held-out evaluation rows
 * heldout.json        final held-out metrics of the training stage
 * manifest.json       seed, versions, backend, timings
 * analysis/           one JSON file per analysis (written by the analysis stage)
 * snapshots/          weights.npz-format snapshots during training: step-000000500.npz, ...
 * run.lock            held by the one process writing the directory; holds its pid
 * </pre>
 */
public record RunDirectory(Path root) {

    /** The file that marks a folder as a run directory (see {@link RunDirectoryRule}). */
    public static final String MARKER = ".sortlens-run";

    public Path marker() {
        return root.resolve(MARKER);
    }

    public Path config() {
        return root.resolve("config.properties");
    }

    public Path checkpoint() {
        return root.resolve("checkpoint.bin");
    }

    public Path weights() {
        return root.resolve("weights.npz");
    }

    public Path historyCsv() {
        return root.resolve("history.csv");
    }

    public Path historyJson() {
        return root.resolve("history.json");
    }

    public Path heldOut() {
        return root.resolve("heldout.json");
    }

    public Path manifest() {
        return root.resolve("manifest.json");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    /** The weights after {@code step} training steps. */
    public Path snapshot(int step) {
        return snapshots().resolve(String.format(java.util.Locale.ROOT, "step-%09d.npz", step)); // 9 or 10 digits
    }

    public Path lock() {
        return root.resolve("run.lock");
    }

    public Path analysis() {
        return root.resolve("analysis");
    }
}
