package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Builds the graph's placeholder arrays from token sequences, in Java (cheaper than one-hot ops in the graph). */
final class Inputs {

    /**
     * A new row-major float array holding {@code data}, copied in one block ({@code Nd4j.create(float[], shape)}
     * puts element by element, which cost the analysis a quarter of its time).
     */
    static INDArray array(float[] data, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        if (a.length() != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
        a.data().asNioFloat().put(0, data);
        return a;
    }

    private final ModelConfig c;
    private final Map<Integer, INDArray> positionsByBatch = new HashMap<>();
    private final Map<Integer, INDArray> lossWeightsByBatch = new HashMap<>();

    Inputs(ModelConfig c) {
        this.c = c;
    }

    /** Flattens {@code [batch][n_ctx]} tokens, checking every token is in the vocabulary. */
    int[] flatten(int[][] tokens) {
        int t = c.nCtx();
        int[] flat = new int[tokens.length * t];
        for (int b = 0; b < tokens.length; b++) {
            if (tokens[b].length != t) {
                throw new IllegalArgumentException("sequence " + b + " has length " + tokens[b].length + ", n_ctx is " + t);
            }
            System.arraycopy(tokens[b], 0, flat, b * t, t);
        }
        for (int tok : flat) {
            if (tok < 0 || tok >= c.dVocab()) {
                throw new IllegalArgumentException("token " + tok + " outside the vocabulary [0, " + c.dVocab() + ")");
            }
        }
        return flat;
    }

    /** Frees an array's native memory at once (it must not be used afterwards). */
    static void release(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /** [N, d_vocab] */
    INDArray tokensOneHot(int[] flat) {
        return array(tokensOneHotData(flat), flat.length, c.dVocab());
    }

    /** [N, d_vocab] one-hot of each position's token, row-major. */
    float[] tokensOneHotData(int[] flat) {
        float[] oh = new float[flat.length * c.dVocab()];
        for (int i = 0; i < flat.length; i++) {
            oh[i * c.dVocab() + flat[i]] = 1f;
        }
        return oh;
    }

    /** [N, n_ctx], the same for every batch of this size. */
    INDArray positionsOneHot(int batch) {
        return positionsByBatch.computeIfAbsent(batch, b -> {
            int t = c.nCtx();
            float[] oh = new float[b * t * t];
            for (int row = 0; row < b * t; row++) {
                oh[row * t + row % t] = 1f;
            }
            return array(oh, (long) b * t, t);
        });
    }

    /** [N, d_vocab] one-hot of the next token, row-major; zero rows where there is none (last position). */
    float[] labelsOneHotData(int[] flat) {
        int t = c.nCtx();
        float[] oh = new float[flat.length * c.dVocab()];
        for (int i = 0; i < flat.length; i++) {
            if (i % t != t - 1) {
                oh[i * c.dVocab() + flat[i + 1]] = 1f;
            }
        }
        return oh;
    }

    /** [N]: 1 at the positions that predict an output (the sorted half), else 0; cached per batch size. */
    INDArray lossWeights(int batch) {
        return lossWeightsByBatch.computeIfAbsent(batch, b -> {
            SequenceLayout layout = SequenceLayout.of(c);
            float[] w = new float[b * layout.length()];
            for (int row = 0; row < w.length; row++) {
                w[row] = layout.predictsOutput(row % layout.length()) ? 1f : 0f;
            }
            return array(w, w.length);
        });
    }

    /**
     * Placeholder arrays kept from one call to the next and overwritten in bulk: training feeds arrays of the same
     * shapes every step, and creating them element by element cost a tenth of a step.
     */
    static final class Reused {
        private final Map<String, INDArray> arrays = new HashMap<>();

        INDArray fill(String name, float[] data, long... shape) {
            INDArray a = arrays.get(name);
            if (a == null || !Arrays.equals(a.shape(), shape)) {
                a = array(data, shape);
                arrays.put(name, a);
            } else {
                a.data().asNioFloat().put(0, data);
            }
            return a;
        }
    }
}
