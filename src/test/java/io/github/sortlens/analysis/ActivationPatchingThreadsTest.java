package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Patching with its sets of pairs on two threads gives the serial result, byte for byte as written to disk. */
class ActivationPatchingThreadsTest {

    private static final ModelConfig C = TestWeights.TINY_2_HEADS;
    private static final Weights W = TestWeights.random(C, 52, 0.8);

    @Test
    void twoThreadsGiveTheSerialResultByteForByte() {
        ExampleSet examples = Fixtures.examples(C, 8);
        int[][] heldOut = Fixtures.heldOut(C, 40, 9);
        PatchingResult serial = new ActivationPatching(new ModelRunner(W, 97), 5, 1).compute(examples, heldOut);
        PatchingResult parallel = new ActivationPatching(new ModelRunner(W, 97), 5, 2).compute(examples, heldOut);
        assertFalse(serial.pairs().isEmpty());
        assertEquals(Json.write(serial), Json.write(parallel));
    }
}
