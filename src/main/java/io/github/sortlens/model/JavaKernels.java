package io.github.sortlens.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Java kernels for the ops where libnd4j's call costs far more than its arithmetic at this model's size, used by
 * {@link CompiledStep} in place of SameDiff's own op. SameDiff still defines every op and its gradient: each kernel
 * computes what its op computes, and {@link CompiledSteps} checks the whole step against SameDiff's before using it.
 *
 * <p>A kernel may sum in another order than libnd4j (in double where libnd4j sums in float), so its results can
 * differ from the op's in the last bits; {@link CompiledSteps#TOLERANCE} bounds that.
 *
 * <ul>
 *   <li>{@code softmax} over the last axis, and {@code softmax_bp} from the forward pass's output: attention has
 *       42-wide rows, where libnd4j's call took 0.17 and 0.21 ms a step; an entry that float32's {@code exp} would
 *       round to zero (every masked score, 49 % of a causal pattern, and more as attention sharpens) is written as
 *       zero without calling {@code exp}.</li>
 *   <li>{@code softmax_cross_entropy_loss} with per-row weights (the mean over non-zero weights, the sum, or a
 *       loss per row), and its gradient, which computes the loss too (the loss's own call is then dropped): rows
 *       of zero weight (the unscored half of each sequence) contribute nothing, and are skipped.</li>
 *   <li>{@code matmul_bp} whose left input is a placeholder (the one-hot tokens and positions) and whose gradient of
 *       that input nothing reads: the weight's gradient alone, reading only the non-zero entries (a scatter-add for
 *       one-hot rows).</li>
 *   <li>the bias side of {@code add_bp}, as the column sums of the upstream gradient ({@link #columnSums}; the
 *       plan itself makes an input of the upstream gradient's shape share that array).</li>
 * </ul>
 * Any other op, or one of these with arguments outside what is described (another axis, label smoothing, a
 * transpose), stays SameDiff's native op.
 */
final class JavaKernels {

    /** Below this, float32's {@code exp} gives zero: {@code exp(-104)} is under the smallest subnormal float. */
    private static final double EXP_UNDERFLOW = -104.0;

    private JavaKernels() {
    }

    /**
     * A kernel for the op, or null when it stays native.
     *
     * @param op             SameDiff's op name
     * @param iArgs          the op's integer arguments
     * @param tArgs          the op's floating-point arguments
     * @param args           the op's input arrays
     * @param outs           the op's output arrays
     * @param needed         per output, whether anything reads it
     * @param leftIsPlaceholder whether the first input is a placeholder (for sortlens, a one-hot array)
     * @param softmaxOf      outputs of the softmaxes already planned, by their input array
     * @param lossOf         outputs of the cross-entropy losses already planned, by their logits array: the
     *                       gradient's kernel computes the loss too, and the caller drops the loss's own call
     */
    static Runnable of(String op, long[] iArgs, double[] tArgs, INDArray[] args, INDArray[] outs, boolean[] needed,
                       boolean leftIsPlaceholder, Map<INDArray, INDArray> softmaxOf, Map<INDArray, INDArray> lossOf) {
        for (INDArray a : args) {
            if (!dense(a)) {
                return null;
            }
        }
        for (INDArray a : outs) {
            if (!dense(a)) {
                return null;
            }
        }
        return switch (op) {
            case "softmax" -> lastAxis(iArgs, args[0]) ? softmax(args[0], outs[0]) : null;
            case "softmax_bp" -> lastAxis(iArgs, args[0]) ? softmaxBp(args[0], args[1], outs[0], softmaxOf.get(args[0]))
                    : null;
            case "softmax_cross_entropy_loss" -> crossEntropyShapes(iArgs, tArgs, args, outs[0])
                    ? new CrossEntropy(iArgs[0], args, outs[0], null)::run : null;
            case "softmax_cross_entropy_loss_grad" -> crossEntropyShapes(iArgs, tArgs, args, null) && iArgs[0] != 0
                    && !needed[1] && !needed[2] ? new CrossEntropy(iArgs[0], args, lossOf.get(args[0]), outs[0])::run
                    : null;
            case "matmul_bp" -> leftIsPlaceholder && !needed[0] && plainProduct(iArgs, tArgs, args)
                    ? sparseRightGradient(args[0], args[2], outs[1]) : null;
            default -> null;
        };
    }

    /** A float array whose elements lie one after another in row-major order. */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && CompiledStep.rowMajor(a);
    }

    private static boolean lastAxis(long[] iArgs, INDArray x) {
        long axis = iArgs.length == 0 ? -1 : iArgs[0];
        return x.rank() >= 1 && (axis == -1 || axis == x.rank() - 1);
    }

    /**
     * Logits [N, C], weights [N] or one weight, labels [N, C], no label smoothing; the reduction none (a loss per
     * row, of N elements), the sum, or the mean over non-zero weights.
     *
     * @param loss the loss's output array, or null for the gradient
     */
    private static boolean crossEntropyShapes(long[] iArgs, double[] tArgs, INDArray[] args, INDArray loss) {
        long reduction = iArgs.length >= 1 ? iArgs[0] : -1;
        boolean known = reduction == CrossEntropy.NONE || reduction == CrossEntropy.SUM
                || reduction == CrossEntropy.MEAN_BY_NONZERO_WEIGHT_COUNT;
        boolean noSmoothing = tArgs.length == 0 || tArgs[tArgs.length - 1] == 0.0;
        if (!known || !noSmoothing || args.length != 3 || args[0].rank() != 2
                || !java.util.Arrays.equals(args[0].shape(), args[2].shape())
                || args[1].length() != 1 && args[1].length() != args[0].size(0)) {
            return false;
        }
        long outLength = reduction == CrossEntropy.NONE ? args[0].size(0) : 1;
        return loss == null || loss.length() == outLength;
    }

    /** [N, K] @ [K, M], or that batched over a leading axis; no transposes, alpha 1 and beta 0. */
    private static boolean plainProduct(long[] iArgs, double[] tArgs, INDArray[] args) {
        for (long i : iArgs) {
            if (i != 0) {
                return false;
            }
        }
        boolean plainScale = tArgs.length == 0 || tArgs[0] == 1.0 && (tArgs.length < 2 || tArgs[1] == 0.0);
        INDArray a = args[0];
        INDArray b = args[1];
        int r = a.rank();
        boolean shapes = (r == 2 || r == 3 && a.size(0) == b.size(0)) && b.rank() == r
                && a.size(r - 1) == b.size(r - 2);
        return plainScale && shapes;
    }

    /** The array's elements as a float buffer (native memory, no copy), from its first element. */
    static FloatBuffer floats(INDArray a) {
        return a.data().asNioFloat().slice();
    }

    /** An array's memory and a Java copy of it, moved as one block each way. */
    private static final class Floats {
        final FloatBuffer memory;
        final float[] values;

        Floats(INDArray a) {
            memory = floats(a);
            values = new float[(int) a.length()];
        }

        float[] read() {
            memory.get(0, values);
            return values;
        }

        void write() {
            memory.put(0, values);
        }
    }

    /**
     * exp(x - max) of one row into {@code e} (0 where float32 underflows); returns their sum. The exps are a pass of
     * their own: {@link Math#exp} in a loop that also branches and stores ran at half the speed.
     */
    private static double expRow(float[] x, int from, int width, double[] e) {
        float max = x[from];
        for (int i = from; i < from + width; i++) {
            if (x[i] > max) {
                max = x[i];
            }
        }
        for (int i = 0; i < width; i++) {
            e[i] = (double) x[from + i] - max;
        }
        for (int i = 0; i < width; i++) {
            double d = e[i];
            e[i] = d >= EXP_UNDERFLOW ? Math.exp(d) : 0.0;
        }
        double sum = 0;
        for (int i = 0; i < width; i++) {
            sum += e[i];
        }
        return sum;
    }

    private static Runnable softmax(INDArray x, INDArray out) {
        int width = (int) x.size(x.rank() - 1);
        Floats in = new Floats(x);
        Floats to = new Floats(out);
        double[] e = new double[width];
        return () -> {
            float[] v = in.read();
            float[] p = to.values;
            for (int from = 0; from < v.length; from += width) {
                double scale = 1.0 / expRow(v, from, width, e);
                for (int i = 0; i < width; i++) {
                    p[from + i] = (float) (e[i] * scale);
                }
            }
            to.write();
        };
    }

    /** dx = p * (dp - sum(dp * p)), p the softmax (the forward pass's output when there is one). */
    private static Runnable softmaxBp(INDArray x, INDArray eps, INDArray out, INDArray forward) {
        INDArray probabilities = forward != null ? forward : out.ulike();
        Runnable pattern = forward != null ? () -> { } : softmax(x, probabilities);
        int width = (int) x.size(x.rank() - 1);
        Floats p = new Floats(probabilities);
        Floats dp = new Floats(eps);
        Floats to = new Floats(out);
        return () -> {
            pattern.run();
            float[] pv = p.read();
            float[] g = dp.read();
            float[] dx = to.values;
            for (int from = 0; from < pv.length; from += width) {
                double dot = 0;
                for (int i = from; i < from + width; i++) {
                    dot += (double) g[i] * pv[i];
                }
                float d = (float) dot;
                for (int i = from; i < from + width; i++) {
                    dx[i] = pv[i] * (g[i] - d);
                }
            }
            to.write();
        };
    }

    /**
     * Softmax cross-entropy over rows of logits with per-row weights (or one for all rows), as libnd4j's reductions
     * define it: none (weight * loss of each row), the sum of those, or their mean over rows of non-zero weight;
     * and, given a gradient array, d loss / d logits = weight * (softmax * sum(labels) - labels), divided by the
     * count for the mean. Rows of zero weight get a zero gradient and cost nothing.
     */
    private static final class CrossEntropy {
        /** libnd4j's reduction numbers ({@code LossReduce}'s ordinals). */
        static final long NONE = 0;
        static final long SUM = 1;
        static final long MEAN_BY_NONZERO_WEIGHT_COUNT = 3;
        private final long reduction;
        private final Floats logits;
        private final Floats weights;
        private final Floats labels;
        private final FloatBuffer loss;
        private final Floats gradient;
        private final int width;
        private final double[] e;

        /** @param loss the loss's array, or null; @param gradient the gradient's array, or null */
        CrossEntropy(long reduction, INDArray[] args, INDArray loss, INDArray gradient) {
            this.reduction = reduction;
            logits = new Floats(args[0]);
            weights = new Floats(args[1]);
            labels = new Floats(args[2]);
            this.loss = loss == null ? null : floats(loss);
            this.gradient = gradient == null ? null : new Floats(gradient);
            width = (int) args[0].size(1);
            e = new double[width];
        }

        void run() {
            float[] weight = weights.read();
            float[] z = logits.read();
            float[] y = labels.read();
            int rows = z.length / width;
            int count = 0;
            for (int r = 0; r < rows; r++) {
                if (weight[weight.length == 1 ? 0 : r] != 0f) {
                    count++;
                }
            }
            float[] g = gradient == null ? null : gradient.values;
            if (g != null) {
                java.util.Arrays.fill(g, 0f);
            }
            double total = 0;
            for (int r = 0; r < rows; r++) {
                float w = weight[weight.length == 1 ? 0 : r];
                if (w == 0f) {
                    if (reduction == NONE && loss != null) {
                        loss.put(r, 0f);
                    }
                    continue;
                }
                int from = r * width;
                double sum = expRow(z, from, width, e);
                double logSum = Math.log(sum);
                float max = z[from];
                for (int i = from; i < from + width; i++) {
                    max = Math.max(max, z[i]);
                }
                double rowLoss = 0;
                double labelSum = 0;
                for (int i = 0; i < width; i++) {
                    float label = y[from + i];
                    if (label != 0f) {
                        rowLoss -= label * ((double) z[from + i] - max - logSum);
                        labelSum += label;
                    }
                }
                total += w * rowLoss;
                if (reduction == NONE && loss != null) {
                    loss.put(r, (float) (w * rowLoss));
                }
                if (g != null) {
                    // float32 like the weights: the mean's 1 / count is then the very float an ensemble's weight is
                    float scale = reduction == SUM ? w : w / count;
                    for (int i = 0; i < width; i++) {
                        g[from + i] = (float) ((e[i] / sum * labelSum - y[from + i]) * scale);
                    }
                }
            }
            if (loss != null && reduction != NONE) {
                double value = reduction == SUM ? total : count == 0 ? 0 : total / count;
                loss.put(0, (float) value);
            }
            if (g != null) {
                gradient.write();
            }
        }
    }

    /**
     * The sums over the rows of eps [N, C], or of each block of eps [B, N, C] (in double), into each of the given
     * arrays of C (or B * C) elements.
     */
    static Runnable columnSums(INDArray eps, java.util.List<INDArray> into) {
        Floats e = new Floats(eps);
        java.util.List<Floats> to = into.stream().map(Floats::new).toList();
        int width = (int) eps.size(eps.rank() - 1);
        int rows = (int) eps.size(eps.rank() - 2);
        double[] sum = new double[(int) (eps.length() / rows)];
        return () -> {
            float[] v = e.read();
            java.util.Arrays.fill(sum, 0);
            for (int row = 0, all = v.length / width; row < all; row++) {
                int block = row / rows * width;
                for (int c = 0; c < width; c++) {
                    sum[block + c] += v[row * width + c];
                }
            }
            for (Floats t : to) {
                for (int i = 0; i < sum.length; i++) {
                    t.values[i] = (float) sum[i];
                }
                t.write();
            }
        };
    }

    /**
     * d b = a^T @ eps reading only a's non-zero entries, rows in order (for a one-hot a: a scatter-add); batched
     * over a leading axis when a is [B, N, K].
     */
    private static Runnable sparseRightGradient(INDArray left, INDArray eps, INDArray outB) {
        Floats a = new Floats(left);
        Floats e = new Floats(eps);
        Floats to = new Floats(outB);
        int r = left.rank();
        int k = (int) left.size(r - 1);
        int m = (int) eps.size(r - 1);
        int rows = (int) left.size(r - 2);
        return () -> {
            float[] av = a.read();
            float[] ev = e.read();
            float[] sum = to.values;
            java.util.Arrays.fill(sum, 0f);
            for (int batch = 0, batches = av.length / (rows * k); batch < batches; batch++) {
                int into = batch * k * m;
                for (int row = batch * rows; row < (batch + 1) * rows; row++) {
                    for (int j = 0; j < k; j++) {
                        float v = av[row * k + j];
                        if (v != 0f) {
                            for (int c = 0; c < m; c++) {
                                sum[into + j * m + c] += v * ev[row * m + c];
                            }
                        }
                    }
                }
            }
            to.write();
        };
    }
}
