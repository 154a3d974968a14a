package io.github.sortlens.model;

import java.util.Arrays;

/**
 * Replaces part of one activation during a forward pass: {@code hook' = hook * keep + add}. With
 * {@link #replace} the entries where {@code mask = 1} take the replacement value and the rest are untouched,
 * exactly (multiplying by 1 and adding 0 are exact in floating point), so an all-zero mask is the identity.
 *
 * @param hook the activation to change
 * @param keep [TransformerLens shape of the hook] factor kept of the model's own value
 * @param add  [same shape] value added after scaling
 */
public record Intervention(Hook hook, Tensor keep, Tensor add) {

    public Intervention {
        if (!Arrays.equals(keep.shape(), add.shape())) {
            throw new IllegalArgumentException("keep and add shapes differ for " + hook.tlName());
        }
    }

    /** Where {@code mask} is 1 the hook takes {@code replacement}; where it is 0 the hook keeps its value. */
    public static Intervention replace(Hook hook, Tensor replacement, Tensor mask) {
        float[] m = mask.data();
        float[] r = replacement.data();
        if (m.length != r.length) {
            throw new IllegalArgumentException("mask and replacement sizes differ for " + hook.tlName());
        }
        float[] keep = new float[m.length];
        float[] add = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            keep[i] = 1f - m[i];
            add[i] = m[i] == 0f ? 0f : r[i] * m[i];
        }
        return new Intervention(hook, new Tensor(keep, mask.shape()), new Tensor(add, mask.shape()));
    }
}
