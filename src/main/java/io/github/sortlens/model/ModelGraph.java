package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the SameDiff graph of the 1-layer attention-only transformer (TransformerLens' equations, no LayerNorm,
 * no MLP). Shapes inside the graph are 2-D where that saves ops ({@code N = batch * n_ctx} rows); every hook's
 * data is row-major in its TransformerLens layout, so a reshape in Java gives the TransformerLens shape.
 *
 * <p>Written around SameDiff M2.1's traps (see REFERENCE §4): embeddings are one-hot matmuls (gather breaks
 * training), the loss is the fused softmax cross-entropy (the naive log-softmax overflows once logit gaps pass
 * ~100), reductions use positive axes.
 *
 * <p>Its readable twin is the tests' {@code io.github.sortlens.testing.NaiveTransformer}: the same forward pass in
 * plain double loops, one equation a line, against which this graph is checked.
 */
final class ModelGraph {

    /** [N, d_vocab] one-hot of each position's token. */
    static final String IN_TOKENS = "input.tokens_onehot";
    /** [N, n_ctx] one-hot of each row's position. */
    static final String IN_POSITIONS = "input.positions_onehot";
    /** [N, d_vocab] one-hot of the next token (zero row for the last position). */
    static final String IN_LABELS = "input.labels_onehot";
    /** [N] 1 where the prediction is scored (the sorted half), else 0. */
    static final String IN_LOSS_WEIGHTS = "input.loss_weights";
    /** [N, d_vocab] */
    static final String LOGITS = "logits";
    /** scalar: mean cross-entropy over scored positions */
    static final String LOSS = "loss";

    /** Large negative score for masked (future) keys, as in TransformerLens. */
    static final float MASKED_SCORE = -1e5f;

    private ModelGraph() {
    }

    static String keepName(Hook h) {
        return "intervene." + h.tlName() + ".keep";
    }

    static String addName(Hook h) {
        return "intervene." + h.tlName() + ".add";
    }

    /**
     * @param intervened hooks that get {@code keep}/{@code add} placeholders ({@link Intervention}); each must then be
     *                   fed on every call
     * @param withLoss   add the label and loss-weight placeholders and the loss
     */
    static SameDiff build(ModelConfig c, Weights w, Set<Hook> intervened, boolean withLoss) {
        Nd4jStartup.skipTensorFlowDescriptors();
        SameDiff sd = SameDiff.create();
        int d = c.dModel();
        int h = c.nHeads();
        int dh = c.dHead();
        int t = c.nCtx();

        Map<Param, SDVariable> p = parameters(sd, w);
        SDVariable tokens = sd.placeHolder(IN_TOKENS, DataType.FLOAT, -1, c.dVocab());
        SDVariable positions = sd.placeHolder(IN_POSITIONS, DataType.FLOAT, -1, t);
        Mixer mix = new Mixer(sd, intervened);

        SDVariable embed = mix.at(Hook.EMBED, tokens.mmul(p.get(Param.W_E)));              // [N, d_model]
        SDVariable posEmbed = mix.at(Hook.POS_EMBED, positions.mmul(p.get(Param.W_POS)));  // [N, d_model]
        SDVariable residPre = mix.at(Hook.RESID_PRE, embed.add(posEmbed));                 // [N, d_model]

        SDVariable q = mix.at(Hook.Q, project(sd, residPre, p.get(Param.W_Q), p.get(Param.B_Q), d, h * dh));
        SDVariable k = mix.at(Hook.K, project(sd, residPre, p.get(Param.W_K), p.get(Param.B_K), d, h * dh));
        SDVariable v = mix.at(Hook.V, project(sd, residPre, p.get(Param.W_V), p.get(Param.B_V), d, h * dh));

        SDVariable q4 = byHead(sd, q, t, h, dh);                                            // [B, h, T, d_head]
        SDVariable k4 = byHead(sd, k, t, h, dh);
        SDVariable v4 = byHead(sd, v, t, h, dh);

        SDVariable scores = mix.at(Hook.ATTN_SCORES, scores(sd, q4, k4, t, dh, withLoss)); // [B, h, T, T]
        SDVariable pattern = mix.at(Hook.PATTERN, sd.nn.softmax(scores, 3));               // [B, h, T, T]

        SDVariable z4 = sd.mmul(pattern, v4);                                               // [B, h, T, d_head]
        SDVariable attnOut = attentionOutput(sd, mix, z4, p, h, dh, d);                    // [N, d_model]
        SDVariable residPost = mix.at(Hook.RESID_POST, residPre.add(attnOut));              // [N, d_model]
        SDVariable logits = residPost.mmul(p.get(Param.W_U)).add(LOGITS, p.get(Param.B_U)); // [N, d_vocab]

        if (withLoss) {
            addLoss(sd, logits, c.dVocab());
        }
        return sd;
    }

    /** Every weight as a SameDiff variable under its TransformerLens name, from a copy of its data. */
    private static Map<Param, SDVariable> parameters(SameDiff sd, Weights w) {
        Map<Param, SDVariable> p = new EnumMap<>(Param.class);
        for (Param param : Param.values()) {
            Tensor value = w.get(param);
            p.put(param, sd.var(param.tlName(), Nd4j.create(value.data().clone(), toLong(value.shape()))));
        }
        return p;
    }

    /** [B, h, T, T] attention scores, -1e5 on future keys. */
    private static SDVariable scores(SameDiff sd, SDVariable q4, SDVariable k4, int t, int dh, boolean training) {
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] keepCausal = new float[t * t];
        float[] maskedCausal = new float[t * t];
        for (int qi = 0; qi < t; qi++) {
            for (int ki = 0; ki < t; ki++) {
                boolean visible = ki <= qi;
                keepCausal[qi * t + ki] = visible ? scale : 0f;
                maskedCausal[qi * t + ki] = visible ? 0f : MASKED_SCORE;
            }
        }
        SDVariable keep = sd.constant("causal.keep", Nd4j.create(keepCausal, new long[] {t, t}));
        SDVariable masked = sd.constant("causal.masked", Nd4j.create(maskedCausal, new long[] {t, t}));
        SDVariable rawScores = sd.mmul(q4, k4, false, true, false);                          // [B, h, T, T]
        if (training) {
            // Training: q.k * scale - 1e5 on future keys. The pattern is the same (exp(-1e5) is 0 in float32),
            // and the gradient of a broadcast multiply by the mask cost a tenth of a step.
            return rawScores.mul((double) scale).add(masked);
        }
        // Analysis: exactly TransformerLens' scores, q.k / sqrt(d_head) where visible and -1e5 where masked.
        return rawScores.mul(keep).add(masked);
    }

    /** hook_z, hook_result and hook_attn_out from z [B, h, T, d_head]; returns attn_out [N, d_model]. */
    private static SDVariable attentionOutput(SameDiff sd, Mixer mix, SDVariable z4, Map<Param, SDVariable> p, int h,
                                              int dh, int d) {
        if (h == 1) {
            // One head: [B, 1, T, d_head] is already row-major [N, d_head]; no permutes needed.
            SDVariable z = mix.at(Hook.Z, sd.reshape(z4, -1, dh));                          // [N, d_head]
            SDVariable result = mix.at(Hook.RESULT,
                    sd.reshape(z.mmul(sd.reshape(p.get(Param.W_O), dh, d)), -1, 1, d));    // [N, 1, d_model]
            return mix.at(Hook.ATTN_OUT, sd.reshape(result, -1, d).add(p.get(Param.B_O))); // [N, d_model]
        }
        SDVariable z = mix.at(Hook.Z, sd.reshape(sd.permute(z4, 0, 2, 1, 3), -1, h * dh)); // [N, h*d_head]
        SDVariable zByHead = sd.permute(sd.reshape(z, -1, h, dh), 1, 0, 2);             // [h, N, d_head]
        SDVariable resultByHead = sd.mmul(zByHead, p.get(Param.W_O));                   // [h, N, d_model]
        SDVariable result = mix.at(Hook.RESULT, sd.permute(resultByHead, 1, 0, 2));     // [N, h, d_model]
        return mix.at(Hook.ATTN_OUT, result.sum(1).add(p.get(Param.B_O)));               // [N, d_model]
    }

    /** The label and loss-weight placeholders and the mean cross-entropy over the scored positions. */
    private static void addLoss(SameDiff sd, SDVariable logits, int vocab) {
        SDVariable labels = sd.placeHolder(IN_LABELS, DataType.FLOAT, -1, vocab);
        SDVariable lossWeights = sd.placeHolder(IN_LOSS_WEIGHTS, DataType.FLOAT, -1);
        SDVariable loss = sd.loss.softmaxCrossEntropy(LOSS, labels, logits, lossWeights,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        loss.markAsLoss();
    }

    /** resid [N, d_model] @ W [h, d_model, d_head] + b [h, d_head] as one matmul: [N, h * d_head]. */
    private static SDVariable project(SameDiff sd, SDVariable resid, SDVariable w, SDVariable b, int d, int hd) {
        if (w.getShape()[0] == 1) { // one head: [1, d_model, d_head] is [d_model, d_head]; b [1, d_head] broadcasts
            return resid.mmul(sd.reshape(w, d, hd)).add(b);
        }
        SDVariable w2 = sd.reshape(sd.permute(w, 1, 0, 2), d, hd);   // [d_model, h*d_head]
        return resid.mmul(w2).add(sd.reshape(b, hd));
    }

    /** [N, h*d_head] to [B, h, T, d_head]. */
    private static SDVariable byHead(SameDiff sd, SDVariable x, int t, int h, int dh) {
        if (h == 1) {
            return sd.reshape(x, -1, 1, t, dh);
        }
        return sd.permute(sd.reshape(x, -1, t, h, dh), 0, 2, 1, 3);
    }

    static long[] toLong(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    /** Names each hook's variable and, for intervened hooks, applies {@code x * keep + add}. */
    private static final class Mixer {
        private final SameDiff sd;
        private final Set<Hook> intervened;

        Mixer(SameDiff sd, Set<Hook> intervened) {
            this.sd = sd;
            this.intervened = intervened;
        }

        SDVariable at(Hook hook, SDVariable x) {
            if (!intervened.contains(hook)) {
                return x.rename(hook.tlName());
            }
            SDVariable keep = sd.placeHolder(keepName(hook), DataType.FLOAT, hook.openGraphShape());
            SDVariable add = sd.placeHolder(addName(hook), DataType.FLOAT, hook.openGraphShape());
            return x.mul(keep).add(hook.tlName(), add);
        }
    }

    /** Reads an INDArray into a row-major Tensor of the given shape. */
    static Tensor toTensor(INDArray a, int... shape) {
        boolean plain = !a.isView() && a.ordering() == 'c' && a.data().length() == a.length();
        INDArray c = plain ? a : a.dup('c');
        float[] data;
        if (c.dataType() == DataType.FLOAT) { // one block copy; DataBuffer.asFloat reads element by element
            data = new float[(int) c.length()];
            c.data().asNioFloat().get(0, data);
        } else {
            data = c.data().asFloat();
        }
        if (c != a) {
            Inputs.release(c);
        }
        return new Tensor(data, shape);
    }
}
