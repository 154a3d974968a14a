package io.github.sortlens.model;

import io.github.sortlens.config.ModelConfig;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The training graph of K models of one shape side by side: every parameter gets a leading model axis
 * ({@code embed.W_E} is {@code [K, d_vocab, d_model]}), every activation a leading {@code K}, and the matmuls are
 * batched over it, so one op runs all K models. The loss is the sum of the K per-model losses; no op mixes models,
 * so each model's gradient is the one it would get alone (the ensemble technique of {@code torch.func.vmap}).
 *
 * <p>The maths is {@link ModelGraph}'s training graph, op for op, with the same M2.1 workarounds; only the
 * layouts gain the model axis. Rows of the {@code [K, N, *]} activations are model-major, so a reshape in Java
 * gives each model's {@code [N, *]} block.
 */
final class EnsembleGraph {

    /** [K, N, d_vocab] one-hot of each position's token, per model. */
    static final String IN_TOKENS = ModelGraph.IN_TOKENS;
    /** [K, N, n_ctx] one-hot of each row's position (the same for every model). */
    static final String IN_POSITIONS = ModelGraph.IN_POSITIONS;
    /** [K * N, d_vocab] one-hot of the next token (zero row for the last position). */
    static final String IN_LABELS = ModelGraph.IN_LABELS;
    /** [K * N] 1 / (scored positions per model) where the prediction is scored (the sorted half), else 0. */
    static final String IN_LOSS_WEIGHTS = ModelGraph.IN_LOSS_WEIGHTS;
    /** [K, N, d_vocab] */
    static final String LOGITS = ModelGraph.LOGITS;
    /** [K]: each model's mean cross-entropy over its scored positions. */
    static final String MODEL_LOSSES = "loss.per_model";
    /** scalar: the sum of the K models' losses; its gradient is each model's own. */
    static final String LOSS = ModelGraph.LOSS;

    private EnsembleGraph() {
    }

    /** @param members the K models' starting weights, all of config {@code c} */
    static SameDiff build(ModelConfig c, List<Weights> members) {
        Nd4jStartup.skipTensorFlowDescriptors();
        SameDiff sd = SameDiff.create();
        int k = members.size();
        Map<Param, SDVariable> p = parameters(sd, c, members);

        SDVariable tokens = sd.placeHolder(IN_TOKENS, DataType.FLOAT, k, -1, c.dVocab());
        SDVariable positions = sd.placeHolder(IN_POSITIONS, DataType.FLOAT, k, -1, c.nCtx());
        SDVariable embed = sd.mmul(tokens, p.get(Param.W_E));                       // [K, N, d_model]
        SDVariable posEmbed = sd.mmul(positions, p.get(Param.W_POS));               // [K, N, d_model]
        SDVariable residPre = embed.add(posEmbed);                                  // [K, N, d_model]

        SDVariable residPost = residPre.add(attention(sd, c, k, residPre, p));     // [K, N, d_model]
        SDVariable logits = sd.mmul(residPost, p.get(Param.W_U))
                .add(LOGITS, sd.reshape(p.get(Param.B_U), k, 1, c.dVocab()));      // [K, N, d_vocab]
        addLosses(sd, logits, k, c.dVocab());
        return sd;
    }

    /** Each parameter as a variable of shape {@code [K, <TransformerLens shape>]}, the models stacked in order. */
    private static Map<Param, SDVariable> parameters(SameDiff sd, ModelConfig c, List<Weights> members) {
        int k = members.size();
        Map<Param, SDVariable> p = new EnumMap<>(Param.class);
        for (Param param : Param.values()) {
            int[] one = param.shape(c);
            int size = members.get(0).get(param).size();
            float[] stacked = new float[k * size];
            for (int m = 0; m < k; m++) {
                System.arraycopy(members.get(m).get(param).data(), 0, stacked, m * size, size);
            }
            long[] shape = new long[one.length + 1];
            shape[0] = k;
            for (int i = 0; i < one.length; i++) {
                shape[i + 1] = one[i];
            }
            p.put(param, sd.var(param.tlName(), Nd4j.create(stacked, shape)));
        }
        return p;
    }

    /** The attention layer's output {@code [K, N, d_model]} from the residual stream before it. */
    private static SDVariable attention(SameDiff sd, ModelConfig c, int k, SDVariable residPre,
                                        Map<Param, SDVariable> p) {
        int d = c.dModel();
        int h = c.nHeads();
        int dh = c.dHead();
        int t = c.nCtx();
        SDVariable q = project(sd, residPre, p.get(Param.W_Q), p.get(Param.B_Q), k, d, h, dh);  // [K, N, h*d_head]
        SDVariable kk = project(sd, residPre, p.get(Param.W_K), p.get(Param.B_K), k, d, h, dh);
        SDVariable v = project(sd, residPre, p.get(Param.W_V), p.get(Param.B_V), k, d, h, dh);

        SDVariable q4 = byHead(sd, q, t, h, dh);                                    // [K*B, h, T, d_head]
        SDVariable k4 = byHead(sd, kk, t, h, dh);
        SDVariable v4 = byHead(sd, v, t, h, dh);

        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] maskedCausal = new float[t * t];
        for (int qi = 0; qi < t; qi++) {
            for (int ki = qi + 1; ki < t; ki++) {
                maskedCausal[qi * t + ki] = ModelGraph.MASKED_SCORE;
            }
        }
        SDVariable masked = sd.constant("causal.masked", Nd4j.create(maskedCausal, new long[] {t, t}));
        SDVariable scores = sd.mmul(q4, k4, false, true, false).mul((double) scale).add(masked); // [K*B, h, T, T]
        SDVariable pattern = sd.nn.softmax(scores, 3);                              // [K*B, h, T, T]
        SDVariable z4 = sd.mmul(pattern, v4);                                       // [K*B, h, T, d_head]

        if (h == 1) {
            SDVariable z = sd.reshape(z4, k, -1, dh);                               // [K, N, d_head]
            return sd.mmul(z, sd.reshape(p.get(Param.W_O), k, dh, d))              // [K, N, d_model]
                    .add(sd.reshape(p.get(Param.B_O), k, 1, d));
        }
        SDVariable zByHead = sd.reshape(sd.permute(sd.reshape(z4, k, -1, h, t, dh), 0, 2, 1, 3, 4),
                k, h, -1, dh);                                                      // [K, h, N, d_head]
        SDVariable resultByHead = sd.mmul(zByHead, p.get(Param.W_O));               // [K, h, N, d_model]
        return resultByHead.sum(1).add(sd.reshape(p.get(Param.B_O), k, 1, d));     // [K, N, d_model]
    }

    /** The training loss (the sum of the K models' mean losses) and, off the gradient path, each model's own. */
    private static void addLosses(SameDiff sd, SDVariable logits, int k, int vocab) {
        SDVariable labels = sd.placeHolder(IN_LABELS, DataType.FLOAT, -1, vocab);
        SDVariable lossWeights = sd.placeHolder(IN_LOSS_WEIGHTS, DataType.FLOAT, -1);
        SDVariable flatLogits = sd.reshape(logits, -1, vocab);                      // [K*N, d_vocab]
        // Weights of 1 / (scored rows per model) make the SUM the sum of per-model means.
        sd.loss.softmaxCrossEntropy(LOSS, labels, flatLogits, lossWeights, LossReduce.SUM, 0.0);
        // Each model's own loss, for its history; the same fused op, off the gradient path.
        // (M2.1 refuses [N] weights with LossReduce.NONE, hence the multiply.)
        SDVariable perRow = sd.reshape(
                sd.loss.softmaxCrossEntropy(labels, flatLogits, null, LossReduce.NONE, 0.0), -1);   // [K*N]
        sd.reshape(perRow.mul(lossWeights), k, -1).sum(MODEL_LOSSES, 1);            // [K]
        sd.setLossVariables(LOSS); // every sd.loss op registers itself as a loss: only the sum is one
    }

    /** resid [K, N, d_model] @ W [K, h, d_model, d_head] + b [K, h, d_head]: [K, N, h * d_head]. */
    private static SDVariable project(SameDiff sd, SDVariable resid, SDVariable w, SDVariable b, int k, int d, int h,
                                      int dh) {
        SDVariable w2 = h == 1 ? sd.reshape(w, k, d, dh)
                : sd.reshape(sd.permute(w, 0, 2, 1, 3), k, d, h * dh);              // [K, d_model, h*d_head]
        return sd.mmul(resid, w2).add(sd.reshape(b, k, 1, h * dh));
    }

    /** [K, N, h*d_head] to [K*B, h, T, d_head]. */
    private static SDVariable byHead(SameDiff sd, SDVariable x, int t, int h, int dh) {
        if (h == 1) {
            return sd.reshape(x, -1, 1, t, dh);
        }
        return sd.permute(sd.reshape(x, -1, t, h, dh), 0, 2, 1, 3);
    }
}
