package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectLogitAttributionTest {

    @Test
    void componentsAddBackToTheLogitAndSourcesToTheHead() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 21, 0.6);
        ExampleSet examples = Fixtures.examples(c, 5);
        AttributionResult r = attribute(w, examples);

        assertEquals(List.of("embed", "pos_embed", "L0H0", "L0H1", "b_O", "b_U"), r.components());
        assertTrue(r.maxAbsError() < 1e-4, "components miss the logit by " + r.maxAbsError());
        assertTrue(r.maxSourceSumError() < 1e-4, "sources miss the head by " + r.maxSourceSumError());
        double biggest = 0;
        for (int b = 0; b < examples.size(); b++) {
            for (int i = 0; i < c.listLength(); i++) {
                double sum = 0;
                for (int k = 0; k < r.components().size(); k++) {
                    sum += r.byComponent()[b][k][i];
                }
                assertEquals(r.logit()[b][i], sum, 1e-4);
                biggest = Math.max(biggest, Math.abs(r.byComponent()[b][2][i]));
            }
        }
        assertTrue(biggest > 0.01, "the live head should attribute something: " + biggest);
    }

    @Test
    void aSilencedHeadAttributesNothing() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = HandSetWeights.silenceHead(TestWeights.random(c, 22, 0.6), 1);
        ExampleSet examples = Fixtures.examples(c, 6);
        AttributionResult r = attribute(w, examples);
        for (int b = 0; b < examples.size(); b++) {
            for (int i = 0; i < c.listLength(); i++) {
                assertEquals(0.0, r.byComponent()[b][3][i]);
                for (int k = 0; k < c.nCtx(); k++) {
                    assertEquals(0.0, r.bySource()[b][1][i][k]);
                }
            }
        }
    }

    @Test
    void anIdentityOvHeadAddsToTheLogitOfTheTokenItAttendsTo() {
        ModelConfig c = HandSetWeights.WIDE;
        Weights w = HandSetWeights.identityOv(c, 8);
        ExampleSet examples = Fixtures.examples(c, 7);
        AttributionResult r = attribute(w, examples);
        ActivationCache cache = new ModelRunner(w).run(examples.tokens(), List.of(Hook.PATTERN));
        int[][] tokens = examples.tokens();
        for (int b = 0; b < examples.size(); b++) {
            for (int i = 0; i < c.listLength(); i++) {
                int q = SequenceLayout.of(c).predictorOf(0) + i;
                int answer = tokens[b][q + 1];
                double attentionOnAnswer = 0;
                for (int k = 0; k <= q; k++) {
                    attentionOnAnswer += tokens[b][k] == answer ? cache.get(Hook.PATTERN).get(b, 0, q, k) : 0;
                }
                // one-hot embeddings copied unchanged: the head's logit is the attention on copies of the answer
                // (plus the small random position and bias terms carried through V)
                assertEquals(attentionOnAnswer, r.byComponent()[b][2][i], 0.05);
            }
        }
    }

    private static AttributionResult attribute(Weights w, ExampleSet examples) {
        ActivationCache cache = new ModelRunner(w).run(examples.tokens(), List.of(Hook.values()));
        return new DirectLogitAttribution(w).compute(examples, cache);
    }
}
