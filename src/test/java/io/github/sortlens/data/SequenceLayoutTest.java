package io.github.sortlens.data;

import io.github.sortlens.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceLayoutTest {

    private static final ModelConfig C = new ModelConfig(8, 8, 1, 1, 8, 12);   // three values to sort

    @Test
    void positionsOfATaskSequence() {
        SequenceLayout layout = SequenceLayout.of(C);
        int[] seq = new SortingTask(C).sequence(5, 1, 3);   // [START, 5, 1, 3, STOP, 1, 3, 5]
        assertEquals(C.nCtx(), layout.length());
        assertEquals(C.startToken(), seq[layout.start()]);
        assertEquals(C.stopToken(), seq[layout.stop()]);
        assertArrayEquals(new int[] {5, 1, 3}, layout.inputs(seq));
        assertArrayEquals(new int[] {C.startToken(), 5, 1, 3, C.stopToken()}, layout.prompt(seq));
        assertEquals(1, layout.answer(seq, 0));
        assertEquals(5, seq[layout.output(2)]);
        assertEquals(layout.stop(), layout.predictorOf(0), "STOP predicts the smallest value");
        for (int j = 0; j < 3; j++) {
            assertEquals(layout.output(j) - 1, layout.predictorOf(j));
        }
    }

    @Test
    void rolesLabelsAndScoredPositions() {
        SequenceLayout layout = new SequenceLayout(3);
        assertEquals(List.of("pos START", "pos in 0", "pos in 1", "pos in 2", "pos STOP", "pos out 0", "pos out 1",
                "pos out 2"), layout.positionLabels());
        assertEquals(List.of("pos STOP", "pos out 0", "pos out 1"), layout.predictorLabels());
        assertEquals(List.of("out 0", "out 1", "out 2"), layout.outputLabels());
        assertEquals("out-2", SequenceLayout.outputKey(2));
        assertEquals(SequenceLayout.Role.START, layout.role(0));
        assertEquals(SequenceLayout.Role.INPUT, layout.role(3));
        assertEquals(SequenceLayout.Role.STOP, layout.role(4));
        assertEquals(SequenceLayout.Role.OUTPUT, layout.role(5));
        assertFalse(layout.predictsOutput(3));
        assertTrue(layout.predictsOutput(4));
        assertTrue(layout.predictsOutput(6));
        assertFalse(layout.predictsOutput(7), "the last position predicts nothing");
        assertThrows(IndexOutOfBoundsException.class, () -> layout.role(8));
    }
}
