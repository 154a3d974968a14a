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
            int marked = 0;
            for (float k : everywhere.data()) {
                marked += k == 0f ? 1 : 0;
            }
            assertEquals(hook.hasHeads() ? everywhere.size() / C.nHeads() : everywhere.size(), marked, hook.tlName());
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
        int[] index = new int[shape.length];
        for (int i = 0; i < keep.size(); i++) {
            int rest = i;
            for (int a = shape.length - 1; a >= 0; a--) {
                index[a] = rest % shape[a];
                rest /= shape[a];
            }
            boolean want = index[0] == b && index[posAxis] == pos && (headAxis < 0 || heads.contains(index[headAxis]));
            assertEquals(want ? 0f : 1f, keep.get(index), hook.tlName() + " at " + Arrays.toString(index));
        }
    }

    private static float[] filled(int[] shape, float v) {
        float[] out = new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        Arrays.fill(out, v);
        return out;
    }
}
