package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;

/**
 * The model's parameters under their TransformerLens state-dict names and shapes (right-multiplied:
 * {@code resid @ W}). These names are used in the SameDiff graph, in checkpoints and in the exported {@code .npz}.
 */
public enum Param {
    W_E("embed.W_E", true),        // [d_vocab, d_model]
    W_POS("pos_embed.W_pos", true), // [n_ctx, d_model]
    W_Q("blocks.0.attn.W_Q", true), // [n_heads, d_model, d_head]
    B_Q("blocks.0.attn.b_Q", false), // [n_heads, d_head]
    W_K("blocks.0.attn.W_K", true), // [n_heads, d_model, d_head]
    B_K("blocks.0.attn.b_K", false), // [n_heads, d_head]
    W_V("blocks.0.attn.W_V", true), // [n_heads, d_model, d_head]
    B_V("blocks.0.attn.b_V", false), // [n_heads, d_head]
    W_O("blocks.0.attn.W_O", true), // [n_heads, d_head, d_model]
    B_O("blocks.0.attn.b_O", false), // [d_model]
    W_U("unembed.W_U", true),       // [d_model, d_vocab]
    B_U("unembed.b_U", false);      // [d_vocab]

    private final String tlName;
    private final boolean weight;

    Param(String tlName, boolean weight) {
        this.tlName = tlName;
        this.weight = weight;
    }

    /** The TransformerLens state-dict name, e.g. {@code blocks.0.attn.W_Q}. */
    public String tlName() {
        return tlName;
    }

    /** Weights are initialised Normal(0, 0.02); biases start at zero. */
    public boolean isWeight() {
        return weight;
    }

    public int[] shape(ModelConfig c) {
        return switch (this) {
            case W_E -> new int[] {c.dVocab(), c.dModel()};
            case W_POS -> new int[] {c.nCtx(), c.dModel()};
            case W_Q, W_K, W_V -> new int[] {c.nHeads(), c.dModel(), c.dHead()};
            case B_Q, B_K, B_V -> new int[] {c.nHeads(), c.dHead()};
            case W_O -> new int[] {c.nHeads(), c.dHead(), c.dModel()};
            case B_O -> new int[] {c.dModel()};
            case W_U -> new int[] {c.dModel(), c.dVocab()};
            case B_U -> new int[] {c.dVocab()};
        };
    }

    public static Param byName(String tlName) {
        for (Param p : values()) {
            if (p.tlName.equals(tlName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown parameter name '" + tlName + "'");
    }
}
