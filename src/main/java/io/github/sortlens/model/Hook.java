package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;

/**
 * Every activation of the model under its TransformerLens hook name, with its shape and meaning. These names are
 * the SameDiff variable names, the activation-cache keys and the labels the report shows: defined here only.
 */
public enum Hook {
    EMBED("hook_embed", "token embedding W_E[token] of each position"),
    POS_EMBED("hook_pos_embed", "positional embedding W_pos[position]"),
    RESID_PRE("blocks.0.hook_resid_pre", "residual stream entering the block: embed + pos_embed"),
    Q("blocks.0.attn.hook_q", "queries: resid_pre @ W_Q + b_Q"),
    K("blocks.0.attn.hook_k", "keys: resid_pre @ W_K + b_K"),
    V("blocks.0.attn.hook_v", "values: resid_pre @ W_V + b_V"),
    ATTN_SCORES("blocks.0.attn.hook_attn_scores",
            "q.k / sqrt(d_head), future keys set to -100000 (the causal mask), before the softmax"),
    PATTERN("blocks.0.attn.hook_pattern", "attention pattern: softmax of the scores over key positions"),
    Z("blocks.0.attn.hook_z", "pattern-weighted sum of values, per head"),
    RESULT("blocks.0.attn.hook_result", "each head's output z @ W_O, written to the residual stream (no b_O)"),
    ATTN_OUT("blocks.0.hook_attn_out", "attention layer output: sum of head results + b_O"),
    RESID_POST("blocks.0.hook_resid_post", "final residual stream: resid_pre + attn_out; logits = resid_post @ W_U + b_U");

    private final String tlName;
    private final String meaning;

    Hook(String tlName, String meaning) {
        this.tlName = tlName;
        this.meaning = meaning;
    }

    /** The TransformerLens hook name, e.g. {@code blocks.0.attn.hook_pattern}. */
    public String tlName() {
        return tlName;
    }

    public String meaning() {
        return meaning;
    }

    /** Axis names of the TransformerLens shape, e.g. {@code [batch, head, query_pos, key_pos]}. */
    public String[] axes() {
        return switch (this) {
            case EMBED, POS_EMBED, RESID_PRE, ATTN_OUT, RESID_POST -> new String[] {"batch", "pos", "d_model"};
            case Q, K, V, Z -> new String[] {"batch", "pos", "head_index", "d_head"};
            case ATTN_SCORES, PATTERN -> new String[] {"batch", "head_index", "query_pos", "key_pos"};
            case RESULT -> new String[] {"batch", "pos", "head_index", "d_model"};
        };
    }

    /** The TransformerLens shape for a batch of {@code batch} sequences. */
    public int[] shape(ModelConfig c, int batch) {
        int p = c.nCtx();
        return switch (this) {
            case EMBED, POS_EMBED, RESID_PRE, ATTN_OUT, RESID_POST -> new int[] {batch, p, c.dModel()};
            case Q, K, V, Z -> new int[] {batch, p, c.nHeads(), c.dHead()};
            case ATTN_SCORES, PATTERN -> new int[] {batch, c.nHeads(), p, p};
            case RESULT -> new int[] {batch, p, c.nHeads(), c.dModel()};
        };
    }

    /** True when the hook has a {@code head_index} axis. */
    public boolean hasHeads() {
        return axes().length == 4;
    }

    /**
     * Where the values of sequence {@code b} at position {@code pos} (the query position of a pattern) of {@code head}
     * (ignored by a hook without heads) start in the row-major TransformerLens layout; {@link #sliceSize} values
     * follow.
     */
    int offset(ModelConfig c, int b, int pos, int head) {
        int t = c.nCtx();
        int h = c.nHeads();
        return switch (this) {
            case EMBED, POS_EMBED, RESID_PRE, ATTN_OUT, RESID_POST -> (b * t + pos) * c.dModel();
            case Q, K, V, Z -> ((b * t + pos) * h + head) * c.dHead();
            case ATTN_SCORES, PATTERN -> ((b * h + head) * t + pos) * t;
            case RESULT -> ((b * t + pos) * h + head) * c.dModel();
        };
    }

    /** How many values one (sequence, position, head) has: the last axis of the shape. */
    int sliceSize(ModelConfig c) {
        int[] shape = shape(c, 1);
        return shape[shape.length - 1];
    }

    /**
     * The shape the hook has inside the graph, with the same row-major data as its TransformerLens shape: 2-D
     * {@code [batch * pos, ...]} where that saves ops ({@link ModelGraph}).
     */
    long[] graphShape(ModelConfig c, int batch) {
        long rows = (long) batch * c.nCtx();
        return switch (this) {
            case EMBED, POS_EMBED, RESID_PRE, ATTN_OUT, RESID_POST -> new long[] {rows, c.dModel()};
            case Q, K, V, Z -> new long[] {rows, (long) c.nHeads() * c.dHead()};
            case ATTN_SCORES, PATTERN -> new long[] {batch, c.nHeads(), c.nCtx(), c.nCtx()};
            case RESULT -> new long[] {rows, c.nHeads(), c.dModel()};
        };
    }

    /** The graph shape with every size left open ({@code -1}), for placeholders fed batches of any size. */
    long[] openGraphShape() {
        int rank = switch (this) {
            case ATTN_SCORES, PATTERN -> 4;
            case RESULT -> 3;
            default -> 2;
        };
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, -1);
        return shape;
    }
}
