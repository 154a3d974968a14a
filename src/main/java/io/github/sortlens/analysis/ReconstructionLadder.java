package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures every {@link Recipe} of the ladder, the leave-one-out table and the rule substitutions against the real
 * model on the held-out set, fed chunk by chunk with the model's logits, pattern and head results. Loss recovered is
 * {@code (L_base - L_recon) / (L_base - L_model)} against three baselines that remove what the heads do (zero, mean,
 * resample of every head's {@code hook_result}); mean ablation needs the mean first, so its loss is computed at the
 * end from the tokens (the direct path needs no model run).
 */
final class ReconstructionLadder {

    static final double[] KL_EDGES = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
    static final List<String> BASELINES = List.of("zero", "mean", "resample");

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final LogitPaths paths;
    private final int[][] heldOut;
    private final List<ReconstructedModel> ladder = new ArrayList<>();
    private final List<ReconstructedModel> leaveOneOut = new ArrayList<>();
    private final List<ReconstructedModel> substitutions = new ArrayList<>();
    private final ReconstructedModel realPattern;
    private final List<ReconstructedModel> all = new ArrayList<>();
    private final Tally[] tallies;
    private final double[][][] headWriteSum;   // [head][output][vocab] sum over sequences of the head's logit write
    private final double[][] wU;               // [d_model][vocab]
    private double modelLossSum;
    private double zeroLossSum;
    private double resampleLossSum;
    private long outputs;
    private long modelErrors;
    private long errorsRepeated;

    ReconstructionLadder(Weights w, int[][] heldOut) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.paths = LogitPaths.of(w);
        this.heldOut = heldOut;
        this.wU = Matrices.of(w.get(io.github.sortlens.model.Param.W_U));
        double[][] meanDirect = meanDirectToken(c, paths, heldOut);
        for (Recipe r : Recipe.ladder()) {
            ladder.add(new ReconstructedModel(w, paths, r, meanDirect));
        }
        for (Recipe r : Recipe.leaveOneOut()) {
            leaveOneOut.add(new ReconstructedModel(w, paths, r, meanDirect));
        }
        for (Recipe r : Recipe.substitutions()) {
            substitutions.add(new ReconstructedModel(w, paths, r, meanDirect));
        }
        realPattern = new ReconstructedModel(w, paths, Recipe.realPatternControl(), meanDirect);
        all.addAll(ladder);
        all.addAll(leaveOneOut);
        all.addAll(substitutions);
        all.add(realPattern);
        tallies = new Tally[all.size()];
        for (int j = 0; j < tallies.length; j++) {
            tallies[j] = new Tally(c.listLength());
        }
        headWriteSum = new double[c.nHeads()][c.listLength()][c.dVocab()];
    }

    /** [output][vocab] mean over the sequences of {@code W_E[tok_q] W_U} at each output's query. */
    static double[][] meanDirectToken(ModelConfig c, LogitPaths paths, int[][] tokens) {
        SequenceLayout layout = SequenceLayout.of(c);
        int n = c.listLength();
        double[][] out = new double[n][c.dVocab()];
        for (int[] seq : tokens) {
            for (int i = 0; i < n; i++) {
                LogitDecomposition.addScaled(out[i], 1.0 / tokens.length, paths.directToken()[seq[layout.predictorOf(i)]]);
            }
        }
        return out;
    }

    /**
     * @param logits  [batch, pos, vocab] the model's logits
     * @param pattern [batch, head, query_pos, key_pos]
     * @param result  [batch, pos, head, d_model] {@code hook_result}
     */
    void add(int[][] tokens, float[] logits, float[] pattern, float[] result) {
        int t = c.nCtx();
        int n = c.listLength();
        int heads = c.nHeads();
        int vocab = c.dVocab();
        int d = c.dModel();
        double[] model = new double[vocab];
        double[] recon = new double[vocab];
        double[] base = new double[vocab];
        double[] scratch = new double[t];
        double[][] row = new double[heads][t];
        double[][][] writes = new double[tokens.length][][];
        for (int b = 0; b < tokens.length; b++) {
            writes[b] = new double[heads * n][];
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                for (int h = 0; h < heads; h++) {
                    double[] write = new double[vocab];
                    int off = ((b * t + q) * heads + h) * d;
                    for (int e = 0; e < d; e++) {
                        LogitDecomposition.addScaled(write, result[off + e], wU[e]);
                    }
                    writes[b][h * n + i] = write;
                    LogitDecomposition.addScaled(headWriteSum[h][i], 1, write);
                }
            }
        }
        for (int b = 0; b < tokens.length; b++) {
            int other = (b + 1) % tokens.length;
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                int answer = layout.answer(tokens[b], i);
                for (int v = 0; v < vocab; v++) {
                    model[v] = logits[(b * t + q) * vocab + v];
                }
                for (int h = 0; h < heads; h++) {
                    for (int k = 0; k <= q; k++) {
                        row[h][k] = pattern[((b * heads + h) * t + q) * t + k];
                    }
                }
                double[] modelLogProb = logSoftmax(model);
                int predicted = argmax(model);
                modelLossSum -= modelLogProb[answer];
                zeroLogits(tokens[b], i, base);
                zeroLossSum -= logSoftmax(base)[answer];
                for (int h = 0; h < heads; h++) {
                    LogitDecomposition.addScaled(base, 1, writes[other][h * n + i]);
                }
                resampleLossSum -= logSoftmax(base)[answer];
                boolean wrong = predicted != answer;
                modelErrors += wrong ? 1 : 0;
                for (int j = 0; j < all.size(); j++) {
                    all.get(j).logits(tokens[b], i, row, recon, scratch);
                    int guess = argmax(recon);
                    tallies[j].add(i, guess == predicted, guess == answer, modelLogProb, logSoftmax(recon), answer);
                    if (j == ladder.size() - 1 && wrong && guess == predicted) {
                        errorsRepeated++;
                    }
                }
                outputs++;
            }
        }
    }

    /** The direct path and the biases: what zero-ablating every head leaves. */
    private void zeroLogits(int[] seq, int i, double[] out) {
        int q = layout.predictorOf(i);
        java.util.Arrays.fill(out, 0);
        LogitDecomposition.addScaled(out, 1, paths.directToken()[seq[q]]);
        LogitDecomposition.addScaled(out, 1, paths.directPosition()[q]);
        LogitDecomposition.addScaled(out, 1, paths.bO());
        LogitDecomposition.addScaled(out, 1, paths.bU());
    }

    ReconstructionResult result() {
        int n = c.listLength();
        double meanLossSum = 0;
        double[] base = new double[c.dVocab()];
        long sequences = outputs / n;
        for (int s = 0; s < sequences; s++) {
            for (int i = 0; i < n; i++) {
                zeroLogits(heldOut[s], i, base);
                for (double[][] head : headWriteSum) {
                    LogitDecomposition.addScaled(base, 1.0 / sequences, head[i]);
                }
                meanLossSum -= logSoftmax(base)[layout.answer(heldOut[s], i)];
            }
        }
        double modelLoss = modelLossSum / outputs;
        double[] baselineLoss = {zeroLossSum / outputs, meanLossSum / outputs, resampleLossSum / outputs};
        List<ReconstructionResult.Rung> rungs = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) {
            rungs.add(tallies[j].rung(all.get(j).recipe(), outputs, modelLoss, baselineLoss));
        }
        int l = ladder.size();
        int o = leaveOneOut.size();
        int s = substitutions.size();
        return new ReconstructionResult(outputs, modelLoss, BASELINES, baselineLoss, KL_EDGES.clone(),
                rungs.subList(0, l), rungs.subList(l, l + o), rungs.subList(l + o, l + o + s), rungs.get(l + o + s),
                modelErrors, modelErrors == 0 ? 0 : (double) errorsRepeated / modelErrors);
    }

    /** [vocab] log-softmax, max-shifted. */
    static double[] logSoftmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (double v : x) {
            z += Math.exp(v - max);
        }
        double log = max + Math.log(z);
        double[] out = new double[x.length];
        for (int v = 0; v < x.length; v++) {
            out[v] = x[v] - log;
        }
        return out;
    }

    /** First index of the largest value. */
    static int argmax(double[] x) {
        int best = 0;
        for (int j = 1; j < x.length; j++) {
            if (x[j] > x[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Counts for one recipe. */
    private static final class Tally {
        private final long[] agreeByOutput;
        private final long[] kl = new long[KL_EDGES.length + 1];
        private long agree;
        private long right;
        private double lossSum;
        private double klSum;

        Tally(int n) {
            agreeByOutput = new long[n];
        }

        void add(int i, boolean same, boolean correct, double[] modelLogProb, double[] reconLogProb, int answer) {
            agree += same ? 1 : 0;
            agreeByOutput[i] += same ? 1 : 0;
            right += correct ? 1 : 0;
            lossSum -= reconLogProb[answer];
            double divergence = 0;
            for (int v = 0; v < modelLogProb.length; v++) {
                double p = Math.exp(modelLogProb[v]);
                if (p > 0) {
                    divergence += p * (modelLogProb[v] - reconLogProb[v]);
                }
            }
            divergence = Math.max(0, divergence);
            klSum += divergence;
            int bin = 0;
            while (bin < KL_EDGES.length && divergence >= KL_EDGES[bin]) {
                bin++;
            }
            kl[bin]++;
        }

        ReconstructionResult.Rung rung(Recipe recipe, long outputs, double modelLoss, double[] baselineLoss) {
            double loss = lossSum / outputs;
            double[] recovered = new double[baselineLoss.length];
            for (int b = 0; b < recovered.length; b++) {
                double gap = baselineLoss[b] - modelLoss;
                recovered[b] = gap == 0 ? 0 : (baselineLoss[b] - loss) / gap;
            }
            long perOutput = outputs / agreeByOutput.length;
            double[] byOutput = new double[agreeByOutput.length];
            for (int i = 0; i < byOutput.length; i++) {
                byOutput[i] = (double) agreeByOutput[i] / perOutput;
            }
            return new ReconstructionResult.Rung(recipe.id(), recipe.label(), (double) agree / outputs,
                    (double) right / outputs, loss, recovered, byOutput, kl.clone(), klSum / outputs);
        }
    }
}
