package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Baselines for circuit statistics: what the same statistic gives where there is no mechanism to find. Two nulls
 * beside the trained model: the untrained model (its initial weights), and the trained model with its circuits'
 * rows permuted among the value tokens. Permuting the query rows of the score table keeps every row's scores, so
 * the band's width, but breaks its tie to the query's value; permuting the OV circuit's source rows (the value rows
 * of {@code W_E} on the OV path) keeps what each source writes but not which token it writes it for. A statistic that
 * survives its permutation measures something other than the mechanism it is quoted for.
 *
 * <p>The score statistics are {@link Mechanism}'s own ({@code headScores}), the copying statistics
 * {@link WeightCircuits}' own: the nulls are fed through the same code as the trained model.
 */
public final class CircuitBaselines {

    /** The stream the permutation is drawn from, derived from the run's seed. */
    static final String PERMUTATION_STREAM = "baseline permutation";

    private final ModelConfig c;

    public CircuitBaselines(ModelConfig c) {
        this.c = c;
    }

    /**
     * @param trained         the trained weights
     * @param untrained       the weights training started from
     * @param untrainedSource where {@code untrained} came from, in words
     * @param heldOut         sequences the attention on the answer is measured on
     * @param seed            the run's seed (the permutation's stream is derived from it)
     */
    public BaselineResult compute(Weights trained, Weights untrained, String untrainedSource, int[][] heldOut,
                                  long seed) {
        int[] perm = permutation(c.valueCount(), SplitMix64.derive(seed, PERMUTATION_STREAM));
        List<BaselineResult.Statistics> trainedStats = statistics(trained, heldOut);
        List<BaselineResult.Statistics> untrainedStats = statistics(untrained, heldOut);
        List<BaselineResult.Statistics> permutedStats = permuted(trained, perm);
        List<BaselineResult.HeadBaselines> heads = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            heads.add(new BaselineResult.HeadBaselines(Labels.head(h), trainedStats.get(h), untrainedStats.get(h),
                    permutedStats.get(h)));
        }
        return new BaselineResult(untrainedSource, perm, heldOut.length, heads);
    }

    /** Every statistic of a runnable model, per head. */
    private List<BaselineResult.Statistics> statistics(Weights w, int[][] heldOut) {
        ModelRunner runner = new ModelRunner(w);
        AttentionMass attention = new AttentionMass(c);
        runner.forEachChunk(heldOut, List.of(Hook.PATTERN), (from, chunk, cache) ->
                attention.add(chunk, cache.get(Hook.PATTERN)));
        List<MechanismResult.HeadAttention> onAnswer = attention.result();
        return combine(new WeightCircuits(c).compute(w), ScoreTable.of(w), new Mechanism(runner),
                onAnswer.stream().mapToDouble(MechanismResult.HeadAttention::topKeyHoldsAnswerMean).toArray());
    }

    /** The permutation nulls of the trained model, per head. */
    private List<BaselineResult.Statistics> permuted(Weights trained, int[] perm) {
        Tensor wE = trained.get(Param.W_E).copy();   // [d_vocab, d_model]: value rows permuted
        int d = c.dModel();
        for (int t = 0; t < perm.length; t++) {
            System.arraycopy(trained.get(Param.W_E).data(), perm[t] * d, wE.data(), t * d, d);
        }
        CircuitsResult ov = new WeightCircuits(c).compute(trained.with(Param.W_E, wE));
        ScoreTable table = ScoreTable.of(trained);
        double[][][] score = new double[c.nHeads()][][];
        double[][][] weightsOnly = new double[c.nHeads()][][];
        for (int h = 0; h < c.nHeads(); h++) {
            score[h] = permuteRows(table.score()[h], perm);
            weightsOnly[h] = permuteRows(table.weightsOnly()[h], perm);
        }
        ScoreTable permutedTable = new ScoreTable(score, weightsOnly);
        return combine(ov, permutedTable, new Mechanism(new ModelRunner(trained)), new double[c.nHeads()]);
    }

    private List<BaselineResult.Statistics> combine(CircuitsResult circuits, ScoreTable table, Mechanism mechanism,
                                                    double[] topKeyHoldsAnswer) {
        List<BaselineResult.Statistics> out = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            CircuitsResult.HeadCircuits ov = circuits.heads().get(h);
            MechanismResult.HeadScores s = mechanism.headScores(h, table);
            out.add(new BaselineResult.Statistics(ov.copyingScore(), ov.ovDiagonalArgmaxFraction(),
                    ov.ovDiagonalZScoreMean(), s.aboveOverBelow(), s.smallerFirst(), s.meanBandSize(),
                    topKeyAbove(s.peak()), topKeyHoldsAnswer[h]));
        }
        return out;
    }

    /** Fraction of value queries whose peak key value is above the query value. */
    private double topKeyAbove(int[] peak) {
        int above = 0;
        for (int a = 0; a < c.valueCount(); a++) {
            above += peak[a] > a ? 1 : 0;
        }
        return (double) above / c.valueCount();
    }

    /** The table with value-token row {@code t} taken from row {@code perm[t]}; the other rows as they were. */
    private static double[][] permuteRows(double[][] m, int[] perm) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = (r < perm.length ? m[perm[r]] : m[r]).clone();
        }
        return out;
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates). */
    static int[] permutation(int n, SplitMix64 rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
