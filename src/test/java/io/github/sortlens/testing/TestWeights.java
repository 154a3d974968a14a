package io.github.sortlens.testing;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.EnumMap;
import java.util.Map;

/** Shared fakes: configs and weights for tests. */
public final class TestWeights {

    /** A config small enough for fast tests: lists of 5 values from 0..9. */
    public static final ModelConfig TINY = new ModelConfig(8, 4, 1, 1, 12, 12);
    public static final ModelConfig TINY_2_HEADS = new ModelConfig(8, 4, 2, 1, 12, 12);

    private TestWeights() {
    }

    /** Every parameter (biases too) Normal(0, std): large enough that attention is far from uniform. */
    public static Weights random(ModelConfig c, long seed, double std) {
        SplitMix64 rng = new SplitMix64(seed);
        Map<Param, Tensor> t = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            Tensor x = Tensor.zeros(p.shape(c));
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = (float) (std * rng.nextGaussian());
            }
            t.put(p, x);
        }
        return new Weights(c, t);
    }

    /** The same weights with one parameter set to zero. */
    public static Weights zeroed(Weights w, Param p) {
        return w.with(p, Tensor.zeros(p.shape(w.config())));
    }
}
