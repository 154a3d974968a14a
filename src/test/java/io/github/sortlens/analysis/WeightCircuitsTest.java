package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.HandSetWeights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightCircuitsTest {

    @Test
    void qkAndOvEqualTheDenseProductsComputedNaively() {
        ModelConfig c = TestWeights.TINY_2_HEADS;
        Weights w = TestWeights.random(c, 11, 0.5);
        CircuitsResult r = new WeightCircuits(c).compute(w);
        int e = c.dVocab() + c.nCtx();
        assertEquals(e, r.embeddingLabels().size());
        for (int h = 0; h < c.nHeads(); h++) {
            CircuitsResult.HeadCircuits head = r.heads().get(h);
            assertEquals("L0H" + h, head.head());
            for (int q = 0; q < e; q++) {
                for (int k = 0; k < e; k++) {
                    double want = 0;
                    for (int i = 0; i < c.dModel(); i++) {
                        for (int j = 0; j < c.dModel(); j++) {
                            double wqk = 0;
                            for (int a = 0; a < c.dHead(); a++) {
                                wqk += (double) w.get(Param.W_Q).get(h, i, a) * w.get(Param.W_K).get(h, j, a);
                            }
                            want += embedding(w, q, i) * wqk * embedding(w, k, j);
                        }
                    }
                    assertEquals(want, head.qk()[q][k], 1e-9 + 1e-9 * Math.abs(want), "QK " + q + "," + k);
                }
                for (int out = 0; out < c.dVocab(); out++) {
                    double want = 0;
                    for (int i = 0; i < c.dModel(); i++) {
                        for (int a = 0; a < c.dHead(); a++) {
                            for (int j = 0; j < c.dModel(); j++) {
                                want += embedding(w, q, i) * w.get(Param.W_V).get(h, i, a) * (double) w.get(Param.W_O).get(h, a, j)
                                        * w.get(Param.W_U).get(j, out);
                            }
                        }
                    }
                    assertEquals(want, head.ov()[q][out], 1e-9, "OV " + q + "," + out);
                }
            }
            int v = c.dVocab();
            assertEquals(head.qk()[v + 3][2], head.qkQueryPositionKeyToken()[3][2]);
            assertEquals(head.qk()[4][v + 5], head.qkQueryTokenKeyPosition()[4][5]);
            assertEquals(head.qk()[v + 1][v + 6], head.qkPositionPosition()[1][6]);
            assertEquals(head.qk()[7][1], head.qkTokenToken()[7][1]);
        }
        double direct = 0;
        for (int i = 0; i < c.dModel(); i++) {
            direct += (double) w.get(Param.W_E).get(3, i) * w.get(Param.W_U).get(i, 5);
        }
        assertEquals(direct, r.directPath()[3][5], 1e-9);
    }

    @Test
    void anIdentityOvCircuitCopiesWithCopyingScoreOne() {
        ModelConfig c = HandSetWeights.WIDE;
        CircuitsResult r = new WeightCircuits(c).compute(HandSetWeights.identityOv(c, 3));
        CircuitsResult.HeadCircuits head = r.heads().get(0);
        assertEquals(1.0, head.ovDiagonalArgmaxFraction());
        assertEquals(1.0, head.copyingScore(), 1e-9);
        assertTrue(head.ovDiagonalZScoreMean() > 2, "diagonal should stand out: " + head.ovDiagonalZScoreMean());
        for (double re : head.eigenReal()) {
            assertTrue(Math.abs(re - 1) < 1e-9 || Math.abs(re) < 1e-9, "eigenvalue " + re);
        }
    }

    @Test
    void queryFactsReportTheKeyWithTheHighestScore() {
        ModelConfig c = HandSetWeights.WIDE;
        // W_Q maps token i to direction i, W_K maps token i+1 to direction i: each query prefers the next token
        Weights w = HandSetWeights.identityOv(c, 4);
        io.github.sortlens.model.Tensor wK = io.github.sortlens.model.Tensor.zeros(1, c.dModel(), c.dHead());
        for (int i = 1; i < c.dModel(); i++) {
            wK.data()[i * c.dHead() + (i - 1)] = 1f;
        }
        w = w.with(Param.W_Q, HandSetWeights.identity(c.dModel()).reshape(1, c.dModel(), c.dHead()))
                .with(Param.W_K, wK);
        CircuitsResult.HeadCircuits head = new WeightCircuits(c).compute(w).heads().get(0);
        for (int q = 0; q < c.valueCount() - 1; q++) {
            assertEquals(q + 1, head.queryFacts().get(q).topKey());
            assertTrue(head.queryFacts().get(q).keyIsLarger());
        }
        assertEquals((c.valueCount() - 1.0) / c.valueCount(), head.fractionTopKeyLarger(), 1e-12);
    }

    private static double embedding(Weights w, int row, int i) {
        int v = w.config().dVocab();
        return row < v ? w.get(Param.W_E).get(row, i) : w.get(Param.W_POS).get(row - v, i);
    }
}
