package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SplitMix64;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * All parameters of a model, each a {@link Tensor} in its TransformerLens shape ({@link Param#shape}). Plain data:
 * analyses read these, checkpoints and the {@code .npz} export write them.
 */
public final class Weights {

    /** Standard deviation of the Normal initialisation of weight matrices (TransformerLens' initializer_range). */
    public static final double INIT_STD = 0.02;

    private final ModelConfig config;
    private final Map<Param, Tensor> tensors;

    public Weights(ModelConfig config, Map<Param, Tensor> tensors) {
        this.config = config;
        EnumMap<Param, Tensor> copy = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            Tensor t = tensors.get(p);
            if (t == null) {
                throw new IllegalArgumentException("missing parameter " + p.tlName());
            }
            if (!Arrays.equals(t.shape(), p.shape(config))) {
                throw new IllegalArgumentException("parameter " + p.tlName() + " has shape " + Arrays.toString(t.shape())
                        + ", the config needs " + Arrays.toString(p.shape(config)));
            }
            copy.put(p, t);
        }
        this.tensors = Collections.unmodifiableMap(copy);
    }

    /** Fresh weights: Normal(0, 0.02) for weight matrices, zeros for biases, drawn in {@link Param} order. */
    public static Weights init(ModelConfig config, SplitMix64 rng) {
        EnumMap<Param, Tensor> tensors = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            Tensor t = Tensor.zeros(p.shape(config));
            if (p.isWeight()) {
                float[] d = t.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (INIT_STD * rng.nextGaussian());
                }
            }
            tensors.put(p, t);
        }
        return new Weights(config, tensors);
    }

    public ModelConfig config() {
        return config;
    }

    public Tensor get(Param p) {
        return tensors.get(p);
    }

    /** Parameters in {@link Param} order. */
    public Map<Param, Tensor> all() {
        return tensors;
    }

    /** A copy with one parameter replaced (hand-set weights in tests and what-if analyses). */
    public Weights with(Param p, Tensor value) {
        EnumMap<Param, Tensor> copy = new EnumMap<>(tensors);
        copy.put(p, value);
        return new Weights(config, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && config.equals(w.config) && tensors.equals(w.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }
}
