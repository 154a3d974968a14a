package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The logits of one output split exactly into labelled components, as TransformerLens' {@code cache.logit_attrs}
 * stacks residual components: the direct path ({@code embed}, {@code pos_embed}), the biases ({@code b_O},
 * {@code b_U}) and, for every head and every {@link KeyRole}, what the keys of that role write through the head's OV
 * circuit, split into their token write and their position write ({@link LogitPaths}). The components sum to the
 * model's logits; {@link #along} projects them on a logit direction such as the answer minus its strongest rival.
 *
 * <p>Component order: {@code embed, pos_embed, b_O, b_U}, then for each head h and role r (declaration order)
 * {@code L0Hh <role> token}, {@code L0Hh <role> position}.
 */
public final class LogitDecomposition {

    public static final int EMBED = 0;
    public static final int POS_EMBED = 1;
    public static final int B_O = 2;
    public static final int B_U = 3;
    /** Components before the first head's. */
    public static final int FIXED = 4;

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final LogitPaths paths;

    public LogitDecomposition(ModelConfig c, LogitPaths paths) {
        this.c = c;
        this.layout = SequenceLayout.of(c);
        this.paths = paths;
    }

    /** [component] the labels, in component order. */
    public static List<String> labels(ModelConfig c) {
        List<String> out = new ArrayList<>(List.of("embed", "pos_embed", "b_O", "b_U"));
        for (int h = 0; h < c.nHeads(); h++) {
            for (KeyRole r : KeyRole.values()) {
                out.add(Labels.head(h) + " " + r.label() + " token");
                out.add(Labels.head(h) + " " + r.label() + " position");
            }
        }
        return out;
    }

    /** Number of components of a model of this shape. */
    public static int count(ModelConfig c) {
        return FIXED + 2 * KeyRole.values().length * c.nHeads();
    }

    /** Index of head h's component for keys of {@code role}: its token write, or its position write. */
    public static int component(int head, KeyRole role, boolean position) {
        return FIXED + 2 * (head * KeyRole.values().length + role.ordinal()) + (position ? 1 : 0);
    }

    /**
     * @param sequence [n_ctx] tokens
     * @param output   sorted output index; its logits are read at {@code layout.predictorOf(output)}
     * @param pattern  [head][key position] the attention of that query row (keys past the query are ignored)
     * @return [component][vocab] the parts, which sum to the logits
     */
    public double[][] parts(int[] sequence, int output, double[][] pattern) {
        int vocab = c.dVocab();
        int q = layout.predictorOf(output);
        double[][] out = new double[count(c)][];
        out[EMBED] = paths.directToken()[sequence[q]].clone();
        out[POS_EMBED] = paths.directPosition()[q].clone();
        out[B_O] = paths.bO().clone();
        out[B_U] = paths.bU().clone();
        for (int h = 0; h < c.nHeads(); h++) {
            for (KeyRole r : KeyRole.values()) {
                out[component(h, r, false)] = new double[vocab];
                out[component(h, r, true)] = new double[vocab];
            }
            for (int k = 0; k <= q; k++) {
                double a = pattern[h][k];
                KeyRole r = KeyRole.of(layout, k, q);
                addScaled(out[component(h, r, false)], a, paths.tokenWrite()[h][sequence[k]]);
                addScaled(out[component(h, r, true)], a, paths.positionWrite()[h][k]);
            }
        }
        return out;
    }

    /** [component] each part's value along {@code logit[a] - logit[b]}: they sum to that logit difference. */
    public static double[] along(double[][] parts, int a, int b) {
        double[] out = new double[parts.length];
        for (int j = 0; j < parts.length; j++) {
            out[j] = parts[j][a] - parts[j][b];
        }
        return out;
    }

    /** [vocab] the sum of the parts: the logits. */
    public static double[] sum(double[][] parts) {
        double[] out = new double[parts[0].length];
        for (double[] part : parts) {
            for (int v = 0; v < out.length; v++) {
                out[v] += part[v];
            }
        }
        return out;
    }

    static void addScaled(double[] into, double a, double[] x) {
        for (int v = 0; v < into.length; v++) {
            into[v] += a * x[v];
        }
    }
}
