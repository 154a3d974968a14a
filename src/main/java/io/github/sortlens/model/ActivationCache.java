package io.github.sortlens.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one forward pass recorded: hook name to activation, in TransformerLens shapes ({@link Hook#shape}), plus the
 * logits {@code [batch, pos, d_vocab]}.
 */
public final class ActivationCache {

    private final Map<Hook, Tensor> activations;
    private final Tensor logits;

    public ActivationCache(Map<Hook, Tensor> activations, Tensor logits) {
        this.activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
        this.logits = logits;
    }

    /** The activation at a hook; an error if it was not requested. */
    public Tensor get(Hook hook) {
        Tensor t = activations.get(hook);
        if (t == null) {
            throw new IllegalArgumentException(hook.tlName() + " was not cached; cached: " + activations.keySet());
        }
        return t;
    }

    /** Cached hooks in model order. */
    public Map<Hook, Tensor> all() {
        return activations;
    }

    /** [batch, pos, d_vocab] */
    public Tensor logits() {
        return logits;
    }
}
