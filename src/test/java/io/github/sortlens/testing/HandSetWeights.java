package io.github.sortlens.testing;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

/** Hand-set weights with known answers, for analysis tests. */
public final class HandSetWeights {

    /** Residual stream as wide as the vocabulary so embeddings can be one-hot: lists of 5 values from 0..9. */
    public static final ModelConfig WIDE = new ModelConfig(12, 12, 1, 1, 12, 12);

    private HandSetWeights() {
    }

    /**
     * A copier: {@code W_E}, {@code W_V}, {@code W_O} are identities, {@code W_U = W_E^T}, so the full OV circuit
     * {@code W_E W_V W_O W_U} is the identity on tokens; everything else (positions, QK, biases) is small noise.
     * Needs {@code d_model = d_head = d_vocab}.
     */
    public static Weights identityOv(ModelConfig c, long seed) {
        if (c.dModel() != c.dVocab() || c.dHead() != c.dModel() || c.nHeads() != 1) {
            throw new IllegalArgumentException("identityOv needs d_model = d_head = d_vocab and one head: " + c);
        }
        Weights w = TestWeights.random(c, seed, 0.01);
        int d = c.dModel();
        w = w.with(Param.W_E, identity(d).reshape(d, d));
        w = w.with(Param.W_V, identity(d).reshape(1, d, d));
        w = w.with(Param.W_O, identity(d).reshape(1, d, d));
        return w.with(Param.W_U, identity(d));
    }

    /** [n, n] */
    public static Tensor identity(int n) {
        Tensor t = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++) {
            t.data()[i * n + i] = 1f;
        }
        return t;
    }

    /** The same weights with one head's {@code W_O} set to zero: that head writes nothing. */
    public static Weights silenceHead(Weights w, int head) {
        Tensor wO = w.get(Param.W_O).copy();
        int per = wO.size() / wO.dim(0);
        java.util.Arrays.fill(wO.data(), head * per, (head + 1) * per, 0f);
        return w.with(Param.W_O, wO);
    }
}
