package io.github.sortlens.data;

import io.github.sortlens.config.ModelConfig;

import java.util.Arrays;

/**
 * The seed notebook's task: {@code [START, v_1 .. v_n, STOP, sorted(v)]} with {@code n = (n_ctx - 2) / 2} values
 * drawn uniformly from {@code [0, d_vocab - 2)}, duplicates allowed; {@code START = d_vocab - 2},
 * {@code STOP = d_vocab - 1}. Only the sorted half is scored ({@link SequenceLayout}).
 */
public final class SortingTask {

    private final ModelConfig model;
    private final SequenceLayout layout;

    public SortingTask(ModelConfig model) {
        this.model = model;
        this.layout = SequenceLayout.of(model);
    }

    public ModelConfig model() {
        return model;
    }

    /** Writes one sequence built from the given values into {@code out[offset .. offset + n_ctx)}. */
    public void writeSequence(int[] values, int[] out, int offset) {
        int n = model.listLength();
        if (values.length != n) {
            throw new IllegalArgumentException("expected " + n + " values, got " + values.length);
        }
        out[offset + layout.start()] = model.startToken();
        System.arraycopy(values, 0, out, offset + layout.input(0), n);
        out[offset + layout.stop()] = model.stopToken();
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        System.arraycopy(sorted, 0, out, offset + layout.output(0), n);
    }

    /** A whole sequence for the given values; each value must lie in {@code [0, d_vocab - 2)}. */
    public int[] sequence(int... values) {
        for (int v : values) {
            if (v < 0 || v >= model.valueCount()) {
                throw new IllegalArgumentException("value " + v + " outside [0, " + model.valueCount() + ")");
            }
        }
        int[] out = new int[model.nCtx()];
        writeSequence(values, out, 0);
        return out;
    }

    /** Fills {@code out} (length a multiple of {@code n_ctx}) with fresh random sequences. */
    public void fillRandom(SplitMix64 rng, int[] out) {
        int n = model.listLength();
        int[] values = new int[n];
        for (int offset = 0; offset < out.length; offset += model.nCtx()) {
            for (int i = 0; i < n; i++) {
                values[i] = rng.nextInt(model.valueCount());
            }
            writeSequence(values, out, offset);
        }
    }

    /** {@code count} fresh random sequences, row per sequence. */
    public int[][] randomSequences(SplitMix64 rng, int count) {
        int[] flat = new int[count * model.nCtx()];
        fillRandom(rng, flat);
        int[][] rows = new int[count][];
        for (int b = 0; b < count; b++) {
            rows[b] = Arrays.copyOfRange(flat, b * model.nCtx(), (b + 1) * model.nCtx());
        }
        return rows;
    }

    /** The unsorted values of a sequence. */
    public int[] values(int[] sequence) {
        return layout.inputs(sequence);
    }
}
