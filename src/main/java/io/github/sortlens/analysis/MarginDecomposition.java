package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Weights;

/**
 * Accumulates the exact decomposition of every held-out output over the chunks of one pass
 * ({@link DecompositionResult}): the margin's parts by path, head and key role, and, for the model's errors, which
 * parts put the wrong token ahead.
 */
final class MarginDecomposition {

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final LogitDecomposition decomposition;
    private final int components;
    private final double[] sum;
    private final double[][] byOutput;
    private final double[] notInList;
    private final double[] inList;
    private final double[][] attention;   // [head][role]
    private double marginSum;
    private double maxClosure;
    private long agree;
    private long outputs;
    private long errors;
    private long errorsNotInList;

    MarginDecomposition(Weights w) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.decomposition = new LogitDecomposition(c, LogitPaths.of(w));
        this.components = LogitDecomposition.count(c);
        this.sum = new double[components];
        this.byOutput = new double[components][c.listLength()];
        this.notInList = new double[components];
        this.inList = new double[components];
        this.attention = new double[c.nHeads()][KeyRole.values().length];
    }

    /**
     * @param logits  [batch, pos, vocab]
     * @param pattern [batch, head, query_pos, key_pos]
     */
    void add(int[][] tokens, float[] logits, float[] pattern) {
        int t = c.nCtx();
        int heads = c.nHeads();
        int vocab = c.dVocab();
        double[][] row = new double[heads][t];
        for (int b = 0; b < tokens.length; b++) {
            int[] inputs = layout.inputs(tokens[b]);
            for (int i = 0; i < c.listLength(); i++) {
                int q = layout.predictorOf(i);
                for (int h = 0; h < heads; h++) {
                    for (int k = 0; k <= q; k++) {
                        row[h][k] = pattern[((b * heads + h) * t + q) * t + k];
                        attention[h][KeyRole.of(layout, k, q).ordinal()] += row[h][k];
                    }
                }
                double[][] parts = decomposition.parts(tokens[b], i, row);
                double[] total = LogitDecomposition.sum(parts);
                int off = (b * t + q) * vocab;
                int answer = layout.answer(tokens[b], i);
                int predicted = 0;
                int rival = answer == 0 ? 1 : 0;
                for (int v = 0; v < vocab; v++) {
                    maxClosure = Math.max(maxClosure, Math.abs(total[v] - logits[off + v]));
                    predicted = logits[off + v] > logits[off + predicted] ? v : predicted;
                    rival = v != answer && logits[off + v] > logits[off + rival] ? v : rival;
                }
                agree += ReconstructionLadder.argmax(total) == predicted ? 1 : 0;
                double[] along = LogitDecomposition.along(parts, answer, rival);
                for (int j = 0; j < components; j++) {
                    sum[j] += along[j];
                    byOutput[j][i] += along[j];
                    marginSum += along[j];
                }
                if (predicted != answer) {
                    errors++;
                    boolean listed = contains(inputs, predicted);
                    errorsNotInList += listed ? 0 : 1;
                    double[] push = LogitDecomposition.along(parts, predicted, answer);
                    LogitDecomposition.addScaled(listed ? inList : notInList, 1, push);
                }
                outputs++;
            }
        }
    }

    DecompositionResult result() {
        int n = c.listLength();
        int heads = c.nHeads();
        int roles = KeyRole.values().length;
        double[] mean = new double[components];
        double[][] perOutput = new double[components][n];
        for (int j = 0; j < components; j++) {
            mean[j] = sum[j] / outputs;
            for (int i = 0; i < n; i++) {
                perOutput[j][i] = byOutput[j][i] / (outputs / n);
            }
        }
        double[][] role = new double[heads][roles];
        double[][] token = new double[heads][roles];
        double[][] position = new double[heads][roles];
        double[][] mass = new double[heads][roles];
        for (int h = 0; h < heads; h++) {
            for (KeyRole r : KeyRole.values()) {
                token[h][r.ordinal()] = mean[LogitDecomposition.component(h, r, false)];
                position[h][r.ordinal()] = mean[LogitDecomposition.component(h, r, true)];
                role[h][r.ordinal()] = token[h][r.ordinal()] + position[h][r.ordinal()];
                mass[h][r.ordinal()] = attention[h][r.ordinal()] / outputs;
            }
        }
        long inListErrors = errors - errorsNotInList;
        return new DecompositionResult(LogitDecomposition.labels(c), KeyRole.labels(), outputs, marginSum / outputs,
                mean, perOutput, role, token, position, mass, maxClosure, (double) agree / outputs, errors,
                errorsNotInList, scaled(notInList, errorsNotInList), scaled(inList, inListErrors));
    }

    private static double[] scaled(double[] x, long count) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = count == 0 ? 0 : x[j] / count;
        }
        return out;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
