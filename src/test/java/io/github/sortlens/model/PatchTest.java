package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A patch marks exactly the values its (sequence, position, head) names, found here by the hook's axis names. */
class PatchTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final int BATCH = 3;

    @Test
    void marksOnePositionOfOneHeadOfOneSequenceOnEveryHook() {
        for (Hook hook : Hook.values()) {
            Intervention iv = new Patch(hook, C, BATCH).mark(1, 4, 1).replaceWith(Tensor.zeros(hook.shape(C, BATCH)));
            assertMarked(hook, iv.keep(), 1, 4, List.of(1));
        }
    }

    @Test
    void allHeadsMarksEveryHeadAndEverywhereEveryPosition() {
        for (Hook hook : Hook.values()) {
            Tensor keep = new Patch(hook, C, BATCH).mark(2, 7, Patch.ALL_HEADS)
                    .replaceWith(Tensor.zeros(hook.shape(C, BATCH))).keep();
            assertMarked(hook, keep, 2, 7, List.of(0, 1));
            Tensor everywhere = new Patch(hook, C, BATCH).markEverywhere(0)
                    .replaceWith(Tensor.zeros(hook.shape(C, BATCH))).keep();
            int headAxis = Arrays.asList(hook.axes()).indexOf("head_index");
            int[] shape = everywhere.shape();
            for (int i = 0; i < everywhere.size(); i++) {
                int[] index = index(shape, i);
                boolean want = headAxis < 0 || index[headAxis] == 0;   // head 0 everywhere; a hook without heads all
                assertEquals(want ? 0f : 1f, everywhere.get(index), hook.tlName() + " at " + Arrays.toString(index));
            }
        }
    }

    @Test
    void theReplacementGoesWhereMarkedAndNowhereElse() {
        Hook hook = Hook.RESID_PRE;
        Tensor replacement = new Tensor(filled(hook.shape(C, BATCH), 5f), hook.shape(C, BATCH));
        Intervention iv = new Patch(hook, C, BATCH).mark(0, 3, Patch.ALL_HEADS).replaceWith(replacement);
        assertEquals(5f, iv.add().get(0, 3, 2));
        assertEquals(0f, iv.add().get(0, 2, 2));
        assertEquals(0f, iv.add().get(1, 3, 2));
    }

    /** Every value of {@code keep} is 0 (replaced) exactly at sequence b, position pos and one of the heads. */
    private static void assertMarked(Hook hook, Tensor keep, int b, int pos, List<Integer> heads) {
        List<String> axes = Arrays.asList(hook.axes());
        int posAxis = axes.contains("pos") ? axes.indexOf("pos") : axes.indexOf("query_pos");
        int headAxis = axes.indexOf("head_index");
        int[] shape = keep.shape();
        for (int i = 0; i < keep.size(); i++) {
            int[] index = index(shape, i);
            boolean want = index[0] == b && index[posAxis] == pos && (headAxis < 0 || heads.contains(index[headAxis]));
            assertEquals(want ? 0f : 1f, keep.get(index), hook.tlName() + " at " + Arrays.toString(index));
        }
    }

    /** The row-major multi-index of flat index {@code i}. */
    private static int[] index(int[] shape, int i) {
        int[] index = new int[shape.length];
        int rest = i;
        for (int a = shape.length - 1; a >= 0; a--) {
            index[a] = rest % shape[a];
            rest /= shape[a];
        }
        return index;
    }

    private static float[] filled(int[] shape, float v) {
        float[] out = new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        Arrays.fill(out, v);
        return out;
    }
}
