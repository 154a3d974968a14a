package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The measurements the Findings page's claims rest on, in one pass over the held-out set (pattern, values and head
 * results cached chunk by chunk): attention mass by key value and role, logit-difference attribution, the sizes
 * behind the ablations, the exact decomposition of every output's logits, the reconstruction ladder and held-out
 * intervals; plus the score table from the weights.
 */
public final class Mechanism {

    /** A key is in a query's band when its score is within ln 10 of the top score: a tenth of the top weight. */
    public static final double BAND_NATS = Math.log(10);

    /** z for a two-sided 95 % interval. */
    static final double Z95 = 1.959963984540054;

    private final ModelRunner runner;
    private final ModelConfig c;

    public Mechanism(ModelRunner runner) {
        this.runner = runner;
        this.c = runner.config();
    }

    public MechanismResult compute(int[][] heldOut) {
        Weights w = runner.weights();
        ScoreTable table = ScoreTable.of(w);
        AttentionMass attention = new AttentionMass(c);
        LogitDifferences logitDiff = new LogitDifferences(w);
        OutputScales scales = new OutputScales(w);
        MarginDecomposition decomposition = new MarginDecomposition(w);
        ReconstructionLadder reconstruction = new ReconstructionLadder(w, heldOut);
        int n = c.listLength();
        int[] correctPerSequence = new int[heldOut.length];
        runner.forEachChunk(heldOut, List.of(Hook.V, Hook.PATTERN, Hook.RESULT), (from, chunk, cache) -> {
            SequenceScores scored = runner.scores(chunk, cache.logits());
            for (int b = 0; b < chunk.length; b++) {
                correctPerSequence[from + b] = n - scored.errors(b);
            }
            attention.add(chunk, cache.get(Hook.PATTERN));
            logitDiff.add(chunk, cache);
            scales.add(chunk, cache);
            float[] logits = cache.logits().data();
            float[] pattern = cache.get(Hook.PATTERN).data();
            decomposition.add(chunk, logits, pattern);
            reconstruction.add(chunk, logits, pattern, cache.get(Hook.RESULT).data());
        });
        List<MechanismResult.HeadScores> scores = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            scores.add(headScores(h, table));
        }
        return new MechanismResult(heldOut.length, Labels.heads(c), heldOut(correctPerSequence), attention.result(),
                scores, logitDiff.result(new DirectLogitAttribution(w).components()), scales.result(),
                decomposition.result(), reconstruction.result());
    }

    public MechanismResult.HeadScores headScores(int h, ScoreTable table) {
        int values = c.valueCount();
        List<String> labels = new ArrayList<>(Labels.tokens(c).subList(0, values));
        labels.add("STOP");
        double[][] score = rows(table.score()[h], values);
        double[][] weightsOnly = rows(table.weightsOnly()[h], values);
        double maxBias = 0;
        int rows = values + 1;
        int[] peak = new int[rows];
        int[] low = new int[rows];
        int[] high = new int[rows];
        int[] size = new int[rows];
        for (int a = 0; a < rows; a++) {
            double top = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < values; b++) {
                maxBias = Math.max(maxBias, Math.abs(score[a][b] - weightsOnly[a][b]));
                if (score[a][b] > top) {
                    top = score[a][b];
                    peak[a] = b;
                }
            }
            low[a] = -1;
            for (int b = 0; b < values; b++) {
                if (score[a][b] >= top - BAND_NATS) {
                    low[a] = low[a] < 0 ? b : low[a];
                    high[a] = b;
                    size[a]++;
                }
            }
        }
        long aboveWins = 0;
        long abovePairs = 0;
        long smallerWins = 0;
        long smallerPairs = 0;
        double bandSum = 0;
        double[] reach = new double[values];
        for (int a = 0; a < values; a++) {
            for (int lo = 0; lo < a; lo++) {
                for (int hi = a; hi < values; hi++) {
                    abovePairs++;
                    aboveWins += score[a][hi] > score[a][lo] ? 1 : 0;
                }
            }
            for (int b1 = a; b1 < values; b1++) {
                for (int b2 = b1 + 1; b2 < values; b2++) {
                    smallerPairs++;
                    smallerWins += score[a][b1] > score[a][b2] ? 1 : 0;
                }
            }
            bandSum += size[a];
            reach[a] = high[a] - a;
        }
        Arrays.sort(reach);
        double medianReach = values % 2 == 1 ? reach[values / 2] : (reach[values / 2 - 1] + reach[values / 2]) / 2;
        return new MechanismResult.HeadScores(Labels.head(h), labels, score, weightsOnly, maxBias, BAND_NATS, peak,
                low, high, size, ratio(aboveWins, abovePairs), ratio(smallerWins, smallerPairs), bandSum / values,
                medianReach);
    }

    /** The value-token rows and the STOP row of a [d_vocab][values] table. */
    private double[][] rows(double[][] table, int values) {
        double[][] out = new double[values + 1][];
        for (int a = 0; a < values; a++) {
            out[a] = table[a].clone();
        }
        out[values] = table[c.stopToken()].clone();
        return out;
    }

    private MechanismResult.HeldOut heldOut(int[] correctPerSequence) {
        int n = c.listLength();
        int size = correctPerSequence.length;
        double mean = 0;
        int full = 0;
        for (int right : correctPerSequence) {
            mean += (double) right / n / size;
            full += right == n ? 1 : 0;
        }
        double var = 0;
        for (int right : correctPerSequence) {
            double x = (double) right / n - mean;
            var += x * x / Math.max(1, size - 1);
        }
        double half = Z95 * Math.sqrt(var / size);
        double[] wilson = wilson(full, size);
        return new MechanismResult.HeldOut(size, (long) size * n, mean, Math.max(0, mean - half),
                Math.min(1, mean + half), (double) full / size, wilson[0], wilson[1]);
    }

    /** Wilson score interval for {@code k} successes in {@code n} trials at 95 %. */
    static double[] wilson(long k, long n) {
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
