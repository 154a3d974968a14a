package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;

import java.util.Arrays;

/**
 * Which values of one hook a batch's forward pass replaces, marked slice by slice, and the {@link Intervention}
 * that replaces them. Ablations mark a head (or the whole stream) at every position of every sequence; activation
 * patching marks one position of one head per sequence. Where a slice sits is the {@link Hook}'s business.
 */
public final class Patch {

    /** The {@code head} argument that marks every head of a hook with heads. */
    public static final int ALL_HEADS = -1;

    private final Hook hook;
    private final ModelConfig c;
    private final int[] shape;   // the hook's TransformerLens shape for the batch
    private final float[] mask;  // [shape] 1 where the hook is replaced

    public Patch(Hook hook, ModelConfig c, int batch) {
        this.hook = hook;
        this.c = c;
        this.shape = hook.shape(c, batch);
        this.mask = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    }

    /** Marks the values of sequence {@code b} at position {@code pos} (a pattern's query position) of {@code head}. */
    public Patch mark(int b, int pos, int head) {
        if (head == ALL_HEADS && hook.hasHeads()) {
            for (int h = 0; h < c.nHeads(); h++) {
                mark(b, pos, h);
            }
            return this;
        }
        int from = hook.offset(c, b, pos, head);
        Arrays.fill(mask, from, from + hook.sliceSize(c), 1f);
        return this;
    }

    /** Marks {@code head} at every position of every sequence. */
    public Patch markEverywhere(int head) {
        for (int b = 0; b < shape[0]; b++) {
            for (int pos = 0; pos < c.nCtx(); pos++) {
                mark(b, pos, head);
            }
        }
        return this;
    }

    /** The hook's TransformerLens shape for the batch, the shape a replacement has. */
    public int[] shape() {
        return shape.clone();
    }

    /** The marked values take {@code replacement}'s; the others keep the model's own. */
    public Intervention replaceWith(Tensor replacement) {
        return Intervention.replace(hook, replacement, new Tensor(mask.clone(), shape));
    }
}
