package io.github.sortlens.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Each Java kernel against a naive double recomputation of what its op computes, written out here from the op's
 * definition; and the arguments a kernel does not handle leave the op native.
 */
class JavaKernelsTest {

    private static final double TOL = 1e-6;
    private final Random random = new Random(11);

    private INDArray randomArray(long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, (float) (random.nextGaussian() * 3));
        }
        return a;
    }

    /** [B, 1, T, T] scores with the training graph's -1e5 above the diagonal. */
    private INDArray causalScores(int batch, int t) {
        INDArray s = randomArray(batch, 1, t, t);
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < t; q++) {
                for (int k = q + 1; k < t; k++) {
                    s.putScalar(new long[] {b, 0, q, k}, s.getFloat(new long[] {b, 0, q, k}) + ModelGraph.MASKED_SCORE);
                }
            }
        }
        return s;
    }

    private static Runnable kernel(String op, long[] iArgs, double[] tArgs, INDArray[] args, INDArray[] outs,
                                   boolean[] needed, boolean placeholder, Map<INDArray, INDArray> softmaxOf) {
        return JavaKernels.of(op, iArgs, tArgs, args, outs, needed, placeholder, softmaxOf, new IdentityHashMap<>());
    }

    private static double[] naiveSoftmax(INDArray x, int from, int width) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < width; i++) {
            max = Math.max(max, x.getDouble(from + i));
        }
        double sum = 0;
        double[] p = new double[width];
        for (int i = 0; i < width; i++) {
            p[i] = Math.exp(x.getDouble(from + i) - max);
            sum += p[i];
        }
        for (int i = 0; i < width; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void softmaxOverTheLastAxisIsTheNaiveSoftmax() {
        INDArray x = causalScores(3, 7);
        INDArray out = x.ulike();
        Runnable k = kernel("softmax", new long[] {3}, new double[0], new INDArray[] {x}, new INDArray[] {out},
                new boolean[] {true}, false, new IdentityHashMap<>());
        assertNotNull(k);
        k.run();
        for (int row = 0; row < 21; row++) {
            double[] p = naiveSoftmax(x, row * 7, 7);
            for (int i = 0; i < 7; i++) {
                assertEquals(p[i], out.getDouble(row * 7 + i), TOL, "row " + row + " entry " + i);
            }
        }
        assertEquals(0.0, out.getDouble(1), 0.0, "a masked score gets exactly zero");
    }

    @Test
    void softmaxGradientIsPTimesUpstreamLessItsMean() {
        INDArray x = causalScores(2, 6);
        INDArray eps = randomArray(2, 1, 6, 6);
        INDArray p = x.ulike();
        INDArray dx = x.ulike();
        Map<INDArray, INDArray> softmaxOf = new IdentityHashMap<>();
        kernel("softmax", new long[] {3}, new double[0], new INDArray[] {x}, new INDArray[] {p},
                new boolean[] {true}, false, softmaxOf).run();
        softmaxOf.put(x, p);
        for (Map<INDArray, INDArray> known : List.of(softmaxOf, new IdentityHashMap<INDArray, INDArray>())) {
            dx.assign(Float.NaN);
            kernel("softmax_bp", new long[] {3}, new double[0], new INDArray[] {x, eps}, new INDArray[] {dx},
                    new boolean[] {true}, false, known).run();
            for (int row = 0; row < 12; row++) {
                double[] s = naiveSoftmax(x, row * 6, 6);
                double dot = 0;
                for (int i = 0; i < 6; i++) {
                    dot += s[i] * eps.getDouble(row * 6 + i);
                }
                for (int i = 0; i < 6; i++) {
                    assertEquals(s[i] * (eps.getDouble(row * 6 + i) - dot), dx.getDouble(row * 6 + i), TOL);
                }
            }
        }
    }

    @Test
    void crossEntropyAndItsGradientAreTheWeightedMeanOverNonZeroWeights() {
        int rows = 6;
        int width = 5;
        INDArray logits = randomArray(rows, width);
        INDArray weights = Nd4j.createFromArray(new float[] {0f, 1f, 1f, 0f, 2f, 1f});
        INDArray labels = Nd4j.create(DataType.FLOAT, rows, width);
        int[] label = {1, 4, 0, 2, 3, -1}; // the last row's label is all zero, as at the last position
        for (int r = 0; r < rows; r++) {
            if (label[r] >= 0) {
                labels.putScalar(r, label[r], 1f);
            }
        }
        INDArray loss = Nd4j.scalar(0f);
        INDArray gradient = logits.ulike();
        INDArray[] args = {logits, weights, labels};
        long[] meanByNonZero = {3};
        kernel("softmax_cross_entropy_loss", meanByNonZero, new double[] {0.0}, args, new INDArray[] {loss},
                new boolean[] {true}, false, new IdentityHashMap<>()).run();
        Runnable grad = kernel("softmax_cross_entropy_loss_grad", meanByNonZero, new double[] {0.0}, args,
                new INDArray[] {gradient, weights.ulike(), labels.ulike()}, new boolean[] {true, false, false}, false,
                new IdentityHashMap<>());
        grad.run();

        int nonZero = 4;
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++) {
            double[] p = naiveSoftmax(logits, r * width, width);
            double w = weights.getDouble(r);
            for (int i = 0; i < width; i++) {
                double y = labels.getDouble(r, i);
                expectedLoss -= w * y * Math.log(p[i]) / nonZero;
                double labelSum = label[r] >= 0 ? 1 : 0;
                assertEquals(w * (p[i] * labelSum - y) / nonZero, gradient.getDouble(r, i), TOL, "row " + r);
            }
        }
        assertEquals(expectedLoss, loss.getDouble(0), 1e-6 * Math.abs(expectedLoss));
    }

    /**
     * The ensemble's reductions: the sum (weights of 1 / count per model) with its gradient, and none with one weight
     * for all rows (each row's own loss).
     */
    @Test
    void crossEntropySumsAndPerRowLossesAreTheNaiveOnes() {
        int rows = 4;
        int width = 3;
        INDArray logits = randomArray(rows, width);
        INDArray labels = Nd4j.create(DataType.FLOAT, rows, width);
        for (int r = 0; r < rows; r++) {
            labels.putScalar(r, (r * 2) % width, 1f);
        }
        INDArray weights = Nd4j.createFromArray(new float[] {0.5f, 0f, 0.25f, 0.25f});
        INDArray sum = Nd4j.scalar(0f);
        INDArray gradient = logits.ulike();
        INDArray[] args = {logits, weights, labels};
        kernel("softmax_cross_entropy_loss", new long[] {1}, new double[] {0.0}, args, new INDArray[] {sum},
                new boolean[] {true}, false, new IdentityHashMap<>()).run();
        kernel("softmax_cross_entropy_loss_grad", new long[] {1}, new double[] {0.0}, args,
                new INDArray[] {gradient, weights.ulike(), labels.ulike()}, new boolean[] {true, false, false}, false,
                new IdentityHashMap<>()).run();
        INDArray perRow = Nd4j.create(DataType.FLOAT, rows);
        kernel("softmax_cross_entropy_loss", new long[] {0}, new double[] {0.0},
                new INDArray[] {logits, Nd4j.scalar(1f), labels}, new INDArray[] {perRow}, new boolean[] {true}, false,
                new IdentityHashMap<>()).run();
        double expected = 0;
        for (int r = 0; r < rows; r++) {
            double[] p = naiveSoftmax(logits, r * width, width);
            double rowLoss = 0;
            for (int i = 0; i < width; i++) {
                double y = labels.getDouble(r, i);
                rowLoss -= y * Math.log(p[i]);
                assertEquals(weights.getDouble(r) * (p[i] - y), gradient.getDouble(r, i), TOL);
            }
            assertEquals(rowLoss, perRow.getDouble(r), 1e-6 * rowLoss);
            expected += weights.getDouble(r) * rowLoss;
        }
        assertEquals(expected, sum.getDouble(0), 1e-6 * expected);
        assertNull(kernel("softmax_cross_entropy_loss_grad", new long[] {0}, new double[] {0.0}, args,
                new INDArray[] {gradient, weights.ulike(), labels.ulike()}, new boolean[] {true, false, false}, false,
                new IdentityHashMap<>()), "the gradient of per-row losses needs an upstream gradient");
    }

    /** The ensemble's shapes: a bias gradient per model block, and a one-hot product batched over models. */
    @Test
    void batchedBiasAndSparseGradientsArePerBlock() {
        INDArray eps = randomArray(2, 5, 3);
        INDArray sums = Nd4j.create(DataType.FLOAT, 2, 1, 3);
        JavaKernels.columnSums(eps, List.of(sums)).run();
        INDArray a = Nd4j.create(DataType.FLOAT, 2, 5, 4);
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < 5; r++) {
                a.putScalar(new long[] {b, r, (r + b) % 4}, 1f);
            }
        }
        INDArray dw = Nd4j.create(DataType.FLOAT, 2, 4, 3);
        kernel("matmul_bp", new long[0], new double[0], new INDArray[] {a, Nd4j.create(DataType.FLOAT, 2, 4, 3), eps},
                new INDArray[] {a.ulike(), dw}, new boolean[] {false, true}, true, new IdentityHashMap<>()).run();
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int r = 0; r < 5; r++) {
                    s += eps.getDouble(b, r, c);
                }
                assertEquals(s, sums.getDouble(b, 0, c), TOL);
                for (int j = 0; j < 4; j++) {
                    double d = 0;
                    for (int r = 0; r < 5; r++) {
                        d += a.getDouble(b, r, j) * eps.getDouble(b, r, c);
                    }
                    assertEquals(d, dw.getDouble(b, j, c), TOL);
                }
            }
        }
    }

    @Test
    void theBiasGradientIsTheColumnSumAndTheSparseGradientIsATransposedProduct() {
        INDArray eps = randomArray(9, 4);
        INDArray sums = Nd4j.create(DataType.FLOAT, 1, 4);
        JavaKernels.columnSums(eps, List.of(sums)).run();
        for (int c = 0; c < 4; c++) {
            double s = 0;
            for (int r = 0; r < 9; r++) {
                s += eps.getDouble(r, c);
            }
            assertEquals(s, sums.getDouble(0, c), TOL);
        }

        INDArray a = Nd4j.create(DataType.FLOAT, 9, 3); // one-hot rows, and one row that is not
        for (int r = 0; r < 9; r++) {
            a.putScalar(r, r % 3, 1f);
        }
        a.putScalar(4, 0, 0.5f);
        INDArray w = randomArray(3, 4);
        INDArray dw = w.ulike();
        Runnable k = kernel("matmul_bp", new long[] {0, 0, 0}, new double[] {1.0, 0.0}, new INDArray[] {a, w, eps},
                new INDArray[] {a.ulike(), dw}, new boolean[] {false, true}, true, new IdentityHashMap<>());
        k.run();
        for (int j = 0; j < 3; j++) {
            for (int c = 0; c < 4; c++) {
                double s = 0;
                for (int r = 0; r < 9; r++) {
                    s += a.getDouble(r, j) * eps.getDouble(r, c);
                }
                assertEquals(s, dw.getDouble(j, c), 1e-5);
            }
        }
    }

    @Test
    void argumentsAKernelDoesNotHandleLeaveTheOpNative() {
        INDArray x = randomArray(2, 3, 4);
        INDArray out = x.ulike();
        Map<INDArray, INDArray> none = new IdentityHashMap<>();
        assertNull(kernel("softmax", new long[] {1}, new double[0], new INDArray[] {x}, new INDArray[] {out},
                new boolean[] {true}, false, none), "softmax over another axis");
        INDArray logits = randomArray(4, 3);
        INDArray[] args = {logits, Nd4j.ones(DataType.FLOAT, 4), logits.ulike()};
        INDArray[] outs = {Nd4j.scalar(0f)};
        assertNull(kernel("softmax_cross_entropy_loss", new long[] {3}, new double[] {0.1}, args, outs,
                new boolean[] {true}, false, none), "label smoothing");
        assertNull(kernel("softmax_cross_entropy_loss", new long[] {2}, new double[] {0.0}, args, outs,
                new boolean[] {true}, false, none), "another reduction");
        assertNull(kernel("softmax_cross_entropy_loss_grad", new long[] {3}, new double[] {0.0}, args,
                new INDArray[] {logits.ulike(), args[1].ulike(), logits.ulike()}, new boolean[] {true, true, false},
                false, none), "the weights' gradient is read");
        INDArray a = randomArray(4, 3);
        INDArray w = randomArray(3, 2);
        INDArray eps = randomArray(4, 2);
        assertNull(kernel("matmul_bp", new long[] {0, 0, 0}, new double[0], new INDArray[] {a, w, eps},
                new INDArray[] {a.ulike(), w.ulike()}, new boolean[] {true, true}, true, none),
                "the left input's gradient is read");
        assertNull(kernel("matmul_bp", new long[] {1, 0, 0}, new double[0], new INDArray[] {a.transpose().dup(), w, eps},
                new INDArray[] {a.ulike(), w.ulike()}, new boolean[] {false, true}, true, none), "a transpose");
        assertNull(kernel("matmul", new long[] {0, 0, 0}, new double[0], new INDArray[] {a, w},
                new INDArray[] {eps.ulike()}, new boolean[] {true}, true, none), "no kernel for the forward matmul");
    }
}
