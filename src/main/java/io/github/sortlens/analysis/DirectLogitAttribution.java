package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Direct logit attribution: splits the correct token's logit into what each residual-stream component writes in
 * its direction, and each head's share further by the source position it attended to. Exact in a one-layer
 * attention-only model without LayerNorm (no nonlinearity between the components and the logits).
 */
public final class DirectLogitAttribution {

    /** The unembedding bias: a component of the logit, but not a term of the residual stream. */
    private static final String B_U = "b_U";

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final Weights w;

    public DirectLogitAttribution(Weights w) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.w = w;
    }

    /** @param cache the example run, with EMBED, POS_EMBED, RESULT, V and PATTERN cached */
    public AttributionResult compute(ExampleSet examples, ActivationCache cache) {
        int count = examples.size();
        int n = c.listLength();
        int heads = c.nHeads();
        int t = c.nCtx();
        int d = c.dModel();
        int[][] tokens = examples.tokens();
        Tensor wU = w.get(Param.W_U);
        Tensor embed = cache.get(Hook.EMBED);
        Tensor posEmbed = cache.get(Hook.POS_EMBED);
        Tensor result = cache.get(Hook.RESULT);
        Tensor v = cache.get(Hook.V);
        Tensor pattern = cache.get(Hook.PATTERN);
        double[][][] ou = outputDirections(); // [head, d_head, d_vocab]

        double[][][] byComponent = new double[count][heads + 4][n];
        double[][] logit = new double[count][n];
        double[][][][] bySource = new double[count][heads][n][t];
        double maxAbs = 0;
        double maxRel = 0;
        double maxSource = 0;
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                int answer = layout.answer(tokens[b], i);
                double[] comp = new double[heads + 4];
                for (int k = 0; k < d; k++) {
                    double u = wU.get(k, answer);
                    comp[0] += embed.get(b, q, k) * u;
                    comp[1] += posEmbed.get(b, q, k) * u;
                    for (int h = 0; h < heads; h++) {
                        comp[2 + h] += result.get(b, q, h, k) * u;
                    }
                    comp[2 + heads] += w.get(Param.B_O).get(k) * u;
                }
                comp[3 + heads] = w.get(Param.B_U).get(answer);
                double sum = 0;
                for (int j = 0; j < comp.length; j++) {
                    byComponent[b][j][i] = comp[j];
                    sum += comp[j];
                }
                logit[b][i] = cache.logits().get(b, q, answer);
                double err = Math.abs(sum - logit[b][i]);
                maxAbs = Math.max(maxAbs, err);
                maxRel = Math.max(maxRel, err / Math.max(1, Math.abs(logit[b][i])));
                for (int h = 0; h < heads; h++) {
                    double total = 0;
                    for (int k = 0; k <= q; k++) {
                        double carried = 0;
                        for (int e = 0; e < c.dHead(); e++) {
                            carried += v.get(b, k, h, e) * ou[h][e][answer];
                        }
                        bySource[b][h][i][k] = pattern.get(b, h, q, k) * carried;
                        total += bySource[b][h][i][k];
                    }
                    maxSource = Math.max(maxSource, Math.abs(total - comp[2 + h]));
                }
            }
        }
        return new AttributionResult(examples.ids(), components(), byComponent, logit, maxAbs, maxRel,
                Labels.heads(c), Labels.positions(c), bySource, maxSource);
    }

    /** [component] labels, in the order of {@code byComponent}'s component axis. */
    public List<String> components() {
        List<String> out = new ArrayList<>(List.of("embed", "pos_embed"));
        out.addAll(Labels.heads(c));
        out.add("b_O");
        out.add(B_U);
        return out;
    }

    /**
     * The terms that add up to the final residual stream, as an equation names them: {@code embed, pos_embed,
     * result(L0H0), .., b_O} (the components less {@code b_U}, each head's as its {@code hook_result}).
     */
    public static List<String> residualTerms(ModelConfig c) {
        List<String> out = new ArrayList<>(List.of("embed", "pos_embed"));
        Labels.heads(c).forEach(head -> out.add("result(" + head + ")"));
        out.add("b_O");
        return out;
    }

    /** [head, d_head, d_vocab] {@code W_O[h] W_U}: the logit each unit of z adds to each token. */
    private double[][][] outputDirections() {
        double[][][] out = new double[c.nHeads()][][];
        for (int h = 0; h < c.nHeads(); h++) {
            out[h] = Matrices.multiply(Matrices.of(w.get(Param.W_O), h), Matrices.of(w.get(Param.W_U)));
        }
        return out;
    }
}
