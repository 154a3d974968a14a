package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small per-example views: predictions, heatmaps and the cache catalogue agree with each other. */
class PerExampleViewsTest {

    @Test
    void heatmapsPredictionsAndCatalogueAgree() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 71, 0.7);
        ExampleSet examples = Fixtures.examples(c, 9);
        ModelRunner runner = new ModelRunner(w);
        ActivationCache cache = runner.run(examples.tokens(), List.of(Hook.values()));
        SequenceScores scores = runner.scores(examples.tokens(), cache.logits());
        PredictionsResult p = PredictedVsActual.compute(examples, scores);
        HeatmapsResult h = TokenHeatmaps.compute(c, examples, cache.logits());

        assertEquals(c.nCtx() - 1, h.positionLabels().size());
        for (int b = 0; b < examples.size(); b++) {
            int errors = 0;
            for (int i = 0; i < c.listLength(); i++) {
                int pos = SequenceLayout.of(c).predictorOf(0) + i;
                assertEquals(Math.log(p.correctProb()[b][i]), h.logProb()[b][pos], 1e-9);
                assertEquals(examples.tokens()[b][pos + 1], p.actual()[b][i]);
                errors += p.predicted()[b][i] == p.actual()[b][i] ? 0 : 1;
            }
            assertEquals(errors, p.errors()[b]);
            for (int pos = 0; pos < c.nCtx() - 1; pos++) {
                assertTrue(h.logProb()[b][pos] <= 0);
                assertTrue(h.meanCentredLogit()[b][pos] <= h.correctLogit()[b][pos] + 1e3);
            }
        }
        CacheCatalogueResult catalogue = CacheCatalogue.compute(c, cache);
        assertEquals(Hook.values().length, catalogue.entries().size());
        assertEquals("blocks.0.attn.hook_pattern", catalogue.entries().get(7).name());
        assertArrayEquals(new int[] {examples.size(), 2, c.nCtx(), c.nCtx()}, catalogue.entries().get(7).shape());
    }
}
