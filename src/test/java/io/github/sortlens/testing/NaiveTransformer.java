package io.github.sortlens.testing;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.util.EnumMap;
import java.util.Map;

/**
 * An independent, deliberately plain re-implementation of the model's equations in double precision, loops only,
 * straight from TransformerLens' definitions. Tests compare the SameDiff graph against it.
 */
public final class NaiveTransformer {

    private final ModelConfig c;
    private final Weights w;

    public NaiveTransformer(Weights w) {
        this.c = w.config();
        this.w = w;
    }

    /** Every hook for one batch, plus "logits" under the key null. Shapes are TransformerLens'. */
    public Map<Hook, double[]> run(int[][] tokens, double[][][] logitsOut) {
        int bsz = tokens.length;
        int t = c.nCtx();
        int d = c.dModel();
        int h = c.nHeads();
        int dh = c.dHead();
        int vocab = c.dVocab();
        double[] embed = new double[bsz * t * d];
        double[] pos = new double[bsz * t * d];
        double[] resid = new double[bsz * t * d];
        for (int b = 0; b < bsz; b++) {
            for (int p = 0; p < t; p++) {
                for (int i = 0; i < d; i++) {
                    int o = (b * t + p) * d + i;
                    embed[o] = w.get(Param.W_E).get(tokens[b][p], i);
                    pos[o] = w.get(Param.W_POS).get(p, i);
                    resid[o] = embed[o] + pos[o];
                }
            }
        }
        double[] q = project(resid, Param.W_Q, Param.B_Q, bsz);
        double[] k = project(resid, Param.W_K, Param.B_K, bsz);
        double[] v = project(resid, Param.W_V, Param.B_V, bsz);
        double[] scores = new double[bsz * h * t * t];
        double[] pattern = new double[bsz * h * t * t];
        for (int b = 0; b < bsz; b++) {
            for (int hi = 0; hi < h; hi++) {
                for (int qi = 0; qi < t; qi++) {
                    int row = ((b * h + hi) * t + qi) * t;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int ki = 0; ki < t; ki++) {
                        double s;
                        if (ki > qi) {
                            s = -1e5;
                        } else {
                            s = 0;
                            for (int e = 0; e < dh; e++) {
                                s += q[((b * t + qi) * h + hi) * dh + e] * k[((b * t + ki) * h + hi) * dh + e];
                            }
                            s /= Math.sqrt(dh);
                        }
                        scores[row + ki] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0;
                    for (int ki = 0; ki < t; ki++) {
                        pattern[row + ki] = Math.exp(scores[row + ki] - max);
                        sum += pattern[row + ki];
                    }
                    for (int ki = 0; ki < t; ki++) {
                        pattern[row + ki] /= sum;
                    }
                }
            }
        }
        double[] z = new double[bsz * t * h * dh];
        double[] result = new double[bsz * t * h * d];
        double[] attnOut = new double[bsz * t * d];
        double[] residPost = new double[bsz * t * d];
        for (int b = 0; b < bsz; b++) {
            for (int p = 0; p < t; p++) {
                for (int hi = 0; hi < h; hi++) {
                    for (int e = 0; e < dh; e++) {
                        double s = 0;
                        for (int ki = 0; ki < t; ki++) {
                            s += pattern[((b * h + hi) * t + p) * t + ki] * v[((b * t + ki) * h + hi) * dh + e];
                        }
                        z[((b * t + p) * h + hi) * dh + e] = s;
                    }
                    for (int i = 0; i < d; i++) {
                        double s = 0;
                        for (int e = 0; e < dh; e++) {
                            s += z[((b * t + p) * h + hi) * dh + e] * w.get(Param.W_O).get(hi, e, i);
                        }
                        result[((b * t + p) * h + hi) * d + i] = s;
                    }
                }
                for (int i = 0; i < d; i++) {
                    double s = w.get(Param.B_O).get(i);
                    for (int hi = 0; hi < h; hi++) {
                        s += result[((b * t + p) * h + hi) * d + i];
                    }
                    attnOut[(b * t + p) * d + i] = s;
                    residPost[(b * t + p) * d + i] = resid[(b * t + p) * d + i] + s;
                }
                for (int j = 0; j < vocab; j++) {
                    double s = w.get(Param.B_U).get(j);
                    for (int i = 0; i < d; i++) {
                        s += residPost[(b * t + p) * d + i] * w.get(Param.W_U).get(i, j);
                    }
                    logitsOut[b][p][j] = s;
                }
            }
        }
        Map<Hook, double[]> out = new EnumMap<>(Hook.class);
        out.put(Hook.EMBED, embed);
        out.put(Hook.POS_EMBED, pos);
        out.put(Hook.RESID_PRE, resid);
        out.put(Hook.Q, q);
        out.put(Hook.K, k);
        out.put(Hook.V, v);
        out.put(Hook.ATTN_SCORES, scores);
        out.put(Hook.PATTERN, pattern);
        out.put(Hook.Z, z);
        out.put(Hook.RESULT, result);
        out.put(Hook.ATTN_OUT, attnOut);
        out.put(Hook.RESID_POST, residPost);
        return out;
    }

    /** Mean cross-entropy over the sorted half, in double precision. */
    public double loss(int[][] tokens) {
        double[][][] logits = new double[tokens.length][c.nCtx()][c.dVocab()];
        run(tokens, logits);
        double sum = 0;
        int count = 0;
        for (int b = 0; b < tokens.length; b++) {
            for (int p = c.listLength() + 1; p <= c.nCtx() - 2; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double x : logits[b][p]) {
                    max = Math.max(max, x);
                }
                double z = 0;
                for (double x : logits[b][p]) {
                    z += Math.exp(x - max);
                }
                sum -= logits[b][p][tokens[b][p + 1]] - max - Math.log(z);
                count++;
            }
        }
        return sum / count;
    }

    /** resid [b, p, d] @ W [h, d, dh] + bias [h, dh] into [b, p, h, dh]. */
    private double[] project(double[] resid, Param wp, Param bp, int bsz) {
        int t = c.nCtx();
        int d = c.dModel();
        int h = c.nHeads();
        int dh = c.dHead();
        Tensor wt = w.get(wp);
        Tensor bt = w.get(bp);
        double[] out = new double[bsz * t * h * dh];
        for (int row = 0; row < bsz * t; row++) {
            for (int hi = 0; hi < h; hi++) {
                for (int e = 0; e < dh; e++) {
                    double s = bt.get(hi, e);
                    for (int i = 0; i < d; i++) {
                        s += resid[row * d + i] * wt.get(hi, i, e);
                    }
                    out[(row * h + hi) * dh + e] = s;
                }
            }
        }
        return out;
    }
}
