package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Weight-based circuits (Elhage et al., "A Mathematical Framework for Transformer Circuits"): in a one-layer
 * attention-only model, what each head can attend to (QK) and what it writes when it does (OV) follow from the
 * weights alone. Stacking token and position embeddings ({@code W_E_pos}) shows both in one picture, as the seed
 * notebook does, but with TransformerLens' current orientation (the notebook's cell used the old one).
 */
public final class WeightCircuits {

    private final ModelConfig c;

    public WeightCircuits(ModelConfig c) {
        this.c = c;
    }

    public CircuitsResult compute(Weights w) {
        double[][] wE = Matrices.of(w.get(Param.W_E));       // [V, d_model]
        double[][] wPos = Matrices.of(w.get(Param.W_POS));   // [n_ctx, d_model]
        double[][] wU = Matrices.of(w.get(Param.W_U));       // [d_model, V]
        double[][] wEPos = Matrices.stack(wE, wPos);         // [E, d_model]
        List<CircuitsResult.HeadCircuits> heads = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            heads.add(head(w, h, wE, wEPos, wU));
        }
        return new CircuitsResult(Labels.tokens(c), Labels.positions(c), Labels.embeddings(c), wEPos,
                Matrices.multiply(wE, wU), heads);
    }

    private CircuitsResult.HeadCircuits head(Weights w, int h, double[][] wE, double[][] wEPos, double[][] wU) {
        double[][] wQ = Matrices.of(w.get(Param.W_Q), h);    // [d_model, d_head]
        double[][] wK = Matrices.of(w.get(Param.W_K), h);
        double[][] wV = Matrices.of(w.get(Param.W_V), h);
        double[][] wO = Matrices.of(w.get(Param.W_O), h);    // [d_head, d_model]
        int v = c.dVocab();
        int e = wEPos.length;

        double[][] queries = Matrices.multiply(wEPos, wQ);   // [E, d_head]
        double[][] keys = Matrices.multiply(wEPos, wK);      // [E, d_head]
        double[][] qk = Matrices.multiply(queries, Matrices.transpose(keys));
        double[][] ou = Matrices.multiply(wO, wU);           // [d_head, V]
        double[][] ov = Matrices.multiply(Matrices.multiply(wEPos, wV), ou);

        Eigenvalues.Spectrum spectrum = Eigenvalues.ofFactored(Matrices.multiply(wE, wV), ou);
        double[][] tokenToken = Matrices.block(qk, 0, v, 0, v);
        List<CircuitsResult.QueryFact> facts = queryFacts(tokenToken);
        long larger = facts.stream().filter(CircuitsResult.QueryFact::keyIsLarger).count();
        return new CircuitsResult.HeadCircuits(Labels.head(h), qk, tokenToken, Matrices.block(qk, v, e, v, e),
                Matrices.block(qk, v, e, 0, v), Matrices.block(qk, 0, v, v, e), ov,
                spectrum.real(), spectrum.imag(), spectrum.copyingScore(), facts,
                facts.isEmpty() ? 0 : (double) larger / facts.size(),
                diagonalArgmaxFraction(centredTokenBlock(c, ov)), diagonalZScoreMean(centredTokenBlock(c, ov)));
    }

    /**
     * [value source, value output] the OV token block with each output column's mean over sources removed. What every
     * source writes alike (a trained model puts a large shared offset there) says nothing about which token was
     * attended, and would otherwise make every row peak at the same output.
     */
    public static double[][] centredTokenBlock(ModelConfig c, double[][] ov) {
        int values = c.valueCount();
        double[][] out = Matrices.block(ov, 0, values, 0, values);
        for (int o = 0; o < values; o++) {
            double mean = 0;
            for (int s = 0; s < values; s++) {
                mean += out[s][o];
            }
            mean /= values;
            for (int s = 0; s < values; s++) {
                out[s][o] -= mean;
            }
        }
        return out;
    }

    /** For each value token as query, the value key token with the highest score (first on ties). */
    private List<CircuitsResult.QueryFact> queryFacts(double[][] tokenToken) {
        List<CircuitsResult.QueryFact> out = new ArrayList<>();
        for (int q = 0; q < c.valueCount(); q++) {
            int best = 0;
            for (int k = 1; k < c.valueCount(); k++) {
                if (tokenToken[q][k] > tokenToken[q][best]) {
                    best = k;
                }
            }
            out.add(new CircuitsResult.QueryFact(q, best, tokenToken[q][best], best > q));
        }
        return out;
    }

    private double diagonalArgmaxFraction(double[][] ov) {
        int values = c.valueCount();
        int hits = 0;
        for (int s = 0; s < values; s++) {
            int best = 0;
            for (int o = 1; o < values; o++) {
                if (ov[s][o] > ov[s][best]) {
                    best = o;
                }
            }
            hits += best == s ? 1 : 0;
        }
        return (double) hits / values;
    }

    private double diagonalZScoreMean(double[][] ov) {
        int values = c.valueCount();
        double sum = 0;
        for (int s = 0; s < values; s++) {
            double mean = 0;
            for (int o = 0; o < values; o++) {
                mean += ov[s][o] / values;
            }
            double var = 0;
            for (int o = 0; o < values; o++) {
                var += (ov[s][o] - mean) * (ov[s][o] - mean) / values;
            }
            sum += var == 0 ? 0 : (ov[s][s] - mean) / Math.sqrt(var);
        }
        return sum / values;
    }
}
