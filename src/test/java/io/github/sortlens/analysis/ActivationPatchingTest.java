package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationPatchingTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final Weights W = TestWeights.random(C, 51, 0.8);

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"RESID_PRE", "RESID_POST"})
    void patchingTheWholeResidualStreamEverywhereGivesOne(Hook hook) {
        assertEquals(1.0, patch(hook, 1f), 1e-4);
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"RESID_PRE", "Z", "PATTERN", "RESULT"})
    void patchingNothingGivesZero(Hook hook) {
        assertEquals(0.0, patch(hook, 0f), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = Hook.class, names = {"Z", "PATTERN", "RESULT"})
    void patchingOnlyTheHeadsLeavesTheDirectPathCorrupted(Hook hook) {
        // the corrupted tokens still reach the logits through embed + pos_embed: not a full restoration
        double restored = patch(hook, 1f);
        assertTrue(Math.abs(restored - 1) > 1e-3 && Math.abs(restored) > 1e-3, "restored " + restored);
    }

    private static double patch(Hook hook, float maskValue) {
        SortingTask task = new SortingTask(C);
        int[] clean = task.sequence(3, 7, 1, 7, 5);
        int[] corrupted = task.sequence(3, 2, 1, 7, 5);
        Tensor mask = Tensor.zeros(hook.shape(C, 1));
        Arrays.fill(mask.data(), maskValue);
        return new ActivationPatching(new ModelRunner(W), 1).patch(clean, corrupted, hook, mask);
    }

    @Test
    void batchedPatchingAgreesWithOnePatchAtATime() {
        ExampleSet examples = Fixtures.examples(C, 8);
        ModelRunner runner = new ModelRunner(W, 97);
        ActivationPatching patching = new ActivationPatching(runner, 3);
        PatchingResult r = patching.compute(examples);

        assertEquals(1 + 3 * C.nHeads(), r.targets().size());
        assertTrue(r.pairs().size() >= examples.size(), "pairs: " + r.pairs().size());
        assertTrue(r.skipped().stream().anyMatch(s -> s.startsWith("all-equal duplicate-one")), r.skipped().toString());
        PatchingResult.Pair pair = r.pairs().get(3);
        assertTrue(pair.affectedOutputs().length > 0);
        int target = r.targets().indexOf("L0H1 hook_z");
        int pos = SequenceLayout.of(C).predictorOf(0) + pair.affectedOutputs()[0];
        Tensor mask = Tensor.zeros(Hook.Z.shape(C, 1));
        int at = mask.offset(0, pos, 1, 0);
        Arrays.fill(mask.data(), at, at + C.dHead(), 1f);
        double single = patching.patch(pair.cleanTokens(), pair.corruptedTokens(), Hook.Z, mask);
        assertEquals(single, pair.normalised()[target][pos], 1e-4);
        // nothing after the last affected output's query can matter (causal attention)
        int last = SequenceLayout.of(C).predictorOf(0) + pair.affectedOutputs()[pair.affectedOutputs().length - 1];
        for (int t = 0; t < r.targets().size(); t++) {
            for (int p = last + 1; p < C.nCtx(); p++) {
                assertEquals(0.0, pair.normalised()[t][p], 1e-5);
            }
        }
    }

    /** The per-kind summary aligns pairs by what each position is to the pair, not by its index. */
    @Test
    void kindMeansAverageEachPairsChangedInputPositionWhereverItIs() {
        ExampleSet examples = Fixtures.examples(C, 8);
        ActivationPatching patching = new ActivationPatching(new ModelRunner(W, 97), 3);
        PatchingResult r = patching.compute(examples);
        PatchingResult.KindMean changeOne = r.byKind().stream()
                .filter(k -> k.corruption().equals("change-one")).findFirst().orElseThrow();
        int role = ActivationPatching.ROLES.indexOf("changed input token");
        int target = r.targets().indexOf("blocks.0.hook_resid_pre");
        double sum = 0;
        int pairs = 0;
        for (PatchingResult.Pair pair : r.pairs()) {
            if (pair.corruption().equals("change-one")) {
                int changed = -1;
                for (int p = 1; p <= C.listLength(); p++) {
                    if (pair.cleanTokens()[p] != pair.corruptedTokens()[p]) {
                        changed = p;
                    }
                }
                sum += pair.normalised()[target][changed];
                pairs++;
            }
        }
        assertEquals(pairs, changeOne.pairs());
        assertEquals(pairs, changeOne.pairsByRole()[role]);
        assertEquals(sum / pairs, changeOne.normalised()[target][role], 1e-9);
        assertEquals(ActivationPatching.ROLES, changeOne.roles());
    }
}
