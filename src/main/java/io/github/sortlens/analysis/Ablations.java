package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Intervention;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Patch;
import io.github.sortlens.model.SequenceScores;
import io.github.sortlens.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero, mean and resample ablation of each head's output ({@code hook_result}) and of the two embeddings, scored on
 * the held-out set. Interventions run inside the graph, so an ablated head's change reaches the logits exactly as
 * TransformerLens' hooks would.
 *
 * <p>Definitions (activation shapes per sequence: {@code [pos, d_model]}, or {@code [pos, head, d_model]}):
 * mean = the mean over held-out sequences at the same position; resample = the activation of another held-out
 * sequence (a fixed random derangement within each chunk, from {@code derive(seed, "resample")}). The positional
 * embedding is the same in every sequence, so per-position mean and resample would change nothing: for it, mean
 * ablation uses the mean over positions, and resample ablation gives each position the embedding of a random
 * position (a random permutation of positions per sequence).
 */
public final class Ablations {

    public static final String ZERO = "zero";
    public static final String MEAN = "mean";
    public static final String RESAMPLE = "resample";

    private final ModelRunner runner;
    private final ModelConfig c;
    private final long seed;

    public Ablations(ModelRunner runner, long seed) {
        this.runner = runner;
        this.c = runner.config();
        this.seed = seed;
    }

    public AblationResult compute(int[][] heldOut) {
        int t = c.nCtx();
        int d = c.dModel();
        int h = c.nHeads();
        double[] embedMean = new double[t * d];          // [pos, d_model]
        double[] resultMean = new double[t * h * d];     // [pos, head, d_model]
        double[][] logProb = new double[heldOut.length][];
        int[][] predicted = new int[heldOut.length][];
        runner.forEachChunk(heldOut, List.of(Hook.EMBED, Hook.RESULT), (from, chunk, cache) -> {
            accumulate(cache.get(Hook.EMBED), embedMean);
            accumulate(cache.get(Hook.RESULT), resultMean);
            SequenceScores s = runner.scores(chunk, cache.logits());
            System.arraycopy(s.logProb(), 0, logProb, from, chunk.length);
            System.arraycopy(s.predicted(), 0, predicted, from, chunk.length);
        });
        scale(embedMean, heldOut.length);
        scale(resultMean, heldOut.length);
        AblationResult.Score cleanScore = score(new SequenceScores(SequenceLayout.of(c), heldOut, logProb, predicted));

        List<AblationResult.Row> rows = new ArrayList<>();
        rows.addAll(component("hook_embed", Hook.EMBED, Patch.ALL_HEADS, heldOut, cleanScore, embedMean));
        rows.addAll(component("hook_pos_embed", Hook.POS_EMBED, Patch.ALL_HEADS, heldOut, cleanScore, null));
        for (int head = 0; head < h; head++) {
            rows.addAll(component(Labels.head(head), Hook.RESULT, head, heldOut, cleanScore, resultMean));
        }
        return new AblationResult(heldOut.length, cleanScore, rows);
    }

    private List<AblationResult.Row> component(String name, Hook hook, int head, int[][] heldOut,
                                               AblationResult.Score clean, double[] mean) {
        List<AblationResult.Row> rows = new ArrayList<>();
        for (String method : List.of(ZERO, MEAN, RESAMPLE)) {
            SplitMix64 rng = SplitMix64.derive(seed, "resample");
            SequenceScores s = runner.score(heldOut,
                    (from, chunk) -> List.of(intervention(hook, head, method, chunk, mean, rng)));
            AblationResult.Score ablated = score(s);
            rows.add(new AblationResult.Row(name, hook.tlName(), method, describe(hook, method), ablated,
                    ablated.loss() - clean.loss(), ablated.accuracy() - clean.accuracy(),
                    minus(ablated.lossByPosition(), clean.lossByPosition()),
                    minus(ablated.accuracyByPosition(), clean.accuracyByPosition())));
        }
        return rows;
    }

    private Intervention intervention(Hook hook, int head, String method, int[][] chunk, double[] mean,
                                      SplitMix64 rng) {
        Patch patch = new Patch(hook, c, chunk.length).markEverywhere(head);
        int[] shape = patch.shape();
        Tensor replacement = switch (method) {
            case ZERO -> Tensor.zeros(shape);
            case MEAN -> hook == Hook.POS_EMBED ? positionMean(chunk.length) : tiled(mean, shape);
            case RESAMPLE -> hook == Hook.POS_EMBED ? shuffledPositions(chunk.length, rng)
                    : resampled(runner.runChunk(chunk, List.of(hook)).get(hook), rng);
            default -> throw new IllegalArgumentException("unknown ablation method " + method);
        };
        return patch.replaceWith(replacement);
    }

    /** The per-sequence mean repeated for every sequence of the chunk. */
    private static Tensor tiled(double[] mean, int[] shape) {
        float[] out = new float[mean.length * shape[0]];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) mean[i % mean.length];
        }
        return new Tensor(out, shape);
    }

    /** [batch, pos, d_model] the mean of W_pos over positions, at every position. */
    private Tensor positionMean(int batch) {
        Tensor wPos = runner.weights().get(Param.W_POS);
        int t = c.nCtx();
        int d = c.dModel();
        double[] mean = new double[d];
        for (int p = 0; p < t; p++) {
            for (int k = 0; k < d; k++) {
                mean[k] += wPos.get(p, k);
            }
        }
        double[] perSequence = new double[t * d];
        for (int i = 0; i < perSequence.length; i++) {
            perSequence[i] = mean[i % d] / t;
        }
        return tiled(perSequence, Hook.POS_EMBED.shape(c, batch));
    }

    /** [batch, pos, d_model] each sequence gets W_pos rows in a random order of positions. */
    private Tensor shuffledPositions(int batch, SplitMix64 rng) {
        Tensor wPos = runner.weights().get(Param.W_POS);
        int t = c.nCtx();
        int d = c.dModel();
        float[] out = new float[batch * t * d];
        for (int b = 0; b < batch; b++) {
            int[] order = permutation(t, rng, false);
            for (int p = 0; p < t; p++) {
                System.arraycopy(wPos.data(), order[p] * d, out, (b * t + p) * d, d);
            }
        }
        return new Tensor(out, Hook.POS_EMBED.shape(c, batch));
    }

    /** Each sequence's activation taken from another sequence of the chunk (a derangement: never itself). */
    private static Tensor resampled(Tensor clean, SplitMix64 rng) {
        int batch = clean.dim(0);
        if (batch < 2) {
            throw new IllegalArgumentException("resample ablation needs chunks of at least 2 sequences");
        }
        int[] from = permutation(batch, rng, true);
        int stride = clean.size() / batch;
        float[] out = new float[clean.size()];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(clean.data(), from[b] * stride, out, b * stride, stride);
        }
        return new Tensor(out, clean.shape());
    }

    /** A random permutation of {@code 0..n-1}; with {@code cyclic}, Sattolo's algorithm: one cycle, no fixed point. */
    static int[] permutation(int n, SplitMix64 rng, boolean cyclic) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = cyclic ? rng.nextInt(i) : rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private static String describe(Hook hook, String method) {
        return switch (method) {
            case ZERO -> "set to 0";
            case MEAN -> hook == Hook.POS_EMBED ? "replaced by the mean of W_pos over positions, at every position"
                    : "replaced by its mean over the held-out sequences at the same position";
            case RESAMPLE -> hook == Hook.POS_EMBED ? "each position given the embedding of a random position"
                    + " (a random permutation of positions per sequence)"
                    : "replaced by its value on another held-out sequence (a random derangement within each chunk)";
            default -> throw new IllegalArgumentException("unknown ablation method " + method);
        };
    }

    private static AblationResult.Score score(SequenceScores s) {
        return new AblationResult.Score(s.meanLoss(), s.accuracy(), s.lossByPosition(), s.accuracyByPosition());
    }

    private static void accumulate(Tensor activation, double[] sum) {
        float[] d = activation.data();
        for (int i = 0; i < d.length; i++) {
            sum[i % sum.length] += d[i];
        }
    }

    private static void scale(double[] sum, int count) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }
}
