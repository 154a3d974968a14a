package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Weights;

import java.util.Arrays;

/**
 * A model built only from what the findings state ({@link Recipe}), which predicts every sorted output from the
 * tokens alone. For the query at output i (position q, previous output p) each head attends with a softmax over the
 * visible keys of the recipe's roles; a key is scored from its token and its role's position embedding:
 * {@code ((W_E[p] + W_pos[q]) W_Q + b_Q) . ((W_E[t] + P_role) W_K + b_K) / sqrt(d_head)}, where {@code P_role} is
 * the mean of {@code W_pos} over the list positions for list keys, over the earlier sorted positions of this query
 * for earlier sorted keys, and exact for START, STOP and the query's own key. Each key writes its token's OV row plus
 * its role's position write (the same mean embedding through {@code W_V}, plus {@code b_V}, through
 * {@code W_O W_U}). So the one thing the full recipe gives up against the real model is where exactly, inside its
 * role, a key sits.
 */
public final class ReconstructedModel {

    private final ModelConfig c;
    private final SequenceLayout layout;
    private final Recipe recipe;
    private final int heads;
    private final int vocab;
    private final int n;
    private final LogitPaths paths;
    private final double[][] meanDirectToken;  // [output][vocab]
    private final KeyRole[][] roleOf;          // [output][key position <= query] the key's role
    private final double[] roleMass = new double[KeyRole.values().length];

    private final double[][][][] listScore;    // [head][query token][output][key token]
    private final double[][][][] sortedScore;  // [head][query token][output][key token]
    private final double[][][] startScore;     // [head][query token][output]
    private final double[][][] stopScore;      // [head][query token][output]
    private final double[][][] queryScore;     // [head][query token][output]

    private final double[][][] tokenWrite;     // [head][token][vocab]
    private final double[][] listWrite;        // [head][vocab]
    private final double[][][] sortedWrite;    // [head][output][vocab]
    private final double[][] startWrite;       // [head][vocab]
    private final double[][] stopWrite;        // [head][vocab]
    private final double[][][] queryWrite;     // [head][output][vocab]

    /**
     * @param meanDirectToken [output][vocab] the mean over the data of {@code W_E[tok_q] W_U} at each output's query
     *                        (used by {@link Recipe.Direct#MEAN})
     */
    public ReconstructedModel(Weights w, LogitPaths paths, Recipe recipe, double[][] meanDirectToken) {
        this.c = w.config();
        this.layout = SequenceLayout.of(c);
        this.recipe = recipe;
        this.heads = c.nHeads();
        this.vocab = c.dVocab();
        this.n = c.listLength();
        this.paths = paths;
        this.meanDirectToken = meanDirectToken;
        this.roleOf = new KeyRole[n][];
        for (int i = 0; i < n; i++) {
            int q = layout.predictorOf(i);
            roleOf[i] = new KeyRole[q + 1];
            for (int k = 0; k <= q; k++) {
                roleOf[i][k] = KeyRole.of(layout, k, q);
            }
        }
        double[][] wE = Matrices.of(w.get(Param.W_E));
        double[][] wPos = Matrices.of(w.get(Param.W_POS));
        double[] listPos = ScoreTable.meanPosition(w, layout.input(0), layout.stop());
        double[][] sortedPos = new double[n][];
        for (int i = 0; i < n; i++) {
            int q = layout.predictorOf(i);
            sortedPos[i] = q - layout.output(0) > 0 ? ScoreTable.meanPosition(w, layout.output(0), q)
                    : new double[c.dModel()];
        }
        listScore = new double[heads][vocab][n][];
        sortedScore = new double[heads][vocab][n][];
        startScore = new double[heads][vocab][n];
        stopScore = new double[heads][vocab][n];
        queryScore = new double[heads][vocab][n];
        tokenWrite = new double[heads][][];
        listWrite = new double[heads][];
        sortedWrite = new double[heads][n][];
        startWrite = new double[heads][];
        stopWrite = new double[heads][];
        queryWrite = new double[heads][n][];
        double scale = Math.sqrt(c.dHead());
        for (int h = 0; h < heads; h++) {
            double[][] wQ = Matrices.of(w.get(Param.W_Q), h);
            double[][] wK = Matrices.of(w.get(Param.W_K), h);
            double[] bQ = Matrices.of(w.get(Param.B_Q))[h];
            double[] bK = Matrices.of(w.get(Param.B_K))[h];
            double[][] tokenQ = Matrices.multiply(wE, wQ);   // [vocab, d_head]
            double[][] tokenK = Matrices.multiply(wE, wK);
            double[][] band = recipe.rules().contains(Recipe.Rule.BAND_SCORE) ? bandCorrection(tokenQ, tokenK, scale)
                    : null;
            double[][] posQ = Matrices.multiply(wPos, wQ);    // [n_ctx, d_head]
            double[][] posK = Matrices.multiply(wPos, wK);
            double[] kList0 = ScoreTable.plus(Matrices.multiply(new double[][] {listPos}, wK)[0], bK);
            double[] kStart = ScoreTable.plus(ScoreTable.plus(tokenK[c.startToken()], posK[layout.start()]), bK);
            double[] kStop = ScoreTable.plus(ScoreTable.plus(tokenK[c.stopToken()], posK[layout.stop()]), bK);
            for (int i = 0; i < n; i++) {
                int q = layout.predictorOf(i);
                double[] kSorted0 = ScoreTable.plus(Matrices.multiply(new double[][] {sortedPos[i]}, wK)[0], bK);
                for (int p = 0; p < vocab; p++) {
                    double[] qv = ScoreTable.plus(ScoreTable.plus(tokenQ[p], posQ[q]), bQ);
                    double[] ls = new double[vocab];
                    double[] ss = new double[vocab];
                    for (int t = 0; t < vocab; t++) {
                        double bandShift = band == null ? 0 : band[p][t];
                        ls[t] = dot(qv, tokenK[t], kList0) / scale + bandShift;
                        ss[t] = dot(qv, tokenK[t], kSorted0) / scale + bandShift;
                    }
                    listScore[h][p][i] = ls;
                    sortedScore[h][p][i] = ss;
                    startScore[h][p][i] = dot(qv, kStart, null) / scale;
                    stopScore[h][p][i] = dot(qv, kStop, null) / scale;
                    double[] kQuery = ScoreTable.plus(ScoreTable.plus(tokenK[p], posK[q]), bK);
                    queryScore[h][p][i] = dot(qv, kQuery, null) / scale + (band == null ? 0 : band[p][p]);
                }
                sortedWrite[h][i] = LogitPaths.write(w, h, sortedPos[i]);
                queryWrite[h][i] = paths.positionWrite()[h][q].clone();
            }
            tokenWrite[h] = tokenWrite(paths.tokenWrite()[h], recipe.rules());
            listWrite[h] = LogitPaths.write(w, h, listPos);
            startWrite[h] = paths.positionWrite()[h][layout.start()].clone();
            stopWrite[h] = paths.positionWrite()[h][layout.stop()].clone();
            if (recipe.rules().contains(Recipe.Rule.RAMP_ROLE_WRITE)) {
                ramp(listWrite[h]);
                ramp(startWrite[h]);
                ramp(stopWrite[h]);
                for (int i = 0; i < n; i++) {
                    ramp(sortedWrite[h][i]);
                    ramp(queryWrite[h][i]);
                }
            }
        }
    }

    public Recipe recipe() {
        return recipe;
    }

    /**
     * The reconstruction's logits at output {@code i}. Not thread-safe (it reuses a scratch row).
     *
     * @param sequence    [n_ctx] tokens (only the prompt and the sorted outputs before {@code i} are read)
     * @param realPattern [head][key position] the model's attention row at the query, read only when the recipe
     *                    asks for the real pattern; may be null otherwise
     * @param out         [vocab] receives the logits
     * @param scratch     at least [n_ctx] scratch space
     */
    public void logits(int[] sequence, int i, double[][] realPattern, double[] out, double[] scratch) {
        int q = layout.predictorOf(i);
        int p = sequence[q];
        Arrays.fill(out, 0);
        if (recipe.biases()) {
            LogitDecomposition.addScaled(out, 1, paths.bO());
            LogitDecomposition.addScaled(out, 1, paths.bU());
        }
        if (recipe.direct() != Recipe.Direct.NONE) {
            LogitDecomposition.addScaled(out, 1, paths.directPosition()[q]);
            LogitDecomposition.addScaled(out, 1, recipe.direct() == Recipe.Direct.EXACT
                    ? paths.directToken()[p] : meanDirectToken[i]);
        }
        for (int h = 0; h < heads; h++) {
            double max = Double.NEGATIVE_INFINITY;
            KeyRole[] roles = roleOf[i];
            for (int k = 0; k <= q; k++) {
                KeyRole r = roles[k];
                scratch[k] = recipe.roles().contains(r) ? score(h, r, p, i, sequence[k]) : Double.NEGATIVE_INFINITY;
                max = Math.max(max, scratch[k]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double z = 0;
            for (int k = 0; k <= q; k++) {
                scratch[k] = recipe.realPattern() ? realPattern[h][k] : Math.exp(scratch[k] - max);
                z += scratch[k];
            }
            if (recipe.realPattern()) {
                z = 1;
            }
            Arrays.fill(roleMass, 0);
            for (int k = 0; k <= q; k++) {
                double a = scratch[k] / z;
                if (a == 0) {
                    continue;
                }
                KeyRole r = roles[k];
                roleMass[r.ordinal()] += a;
                if (recipe.tokenWrites()) {
                    LogitDecomposition.addScaled(out, a, tokenWrite[h][sequence[k]]);
                }
            }
            if (recipe.roleWrites()) {
                LogitDecomposition.addScaled(out, roleMass[KeyRole.LIST.ordinal()], listWrite[h]);
                LogitDecomposition.addScaled(out, roleMass[KeyRole.START.ordinal()], startWrite[h]);
                LogitDecomposition.addScaled(out, roleMass[KeyRole.STOP.ordinal()], stopWrite[h]);
                LogitDecomposition.addScaled(out, roleMass[KeyRole.SORTED.ordinal()], sortedWrite[h][i]);
                LogitDecomposition.addScaled(out, roleMass[KeyRole.QUERY.ordinal()], queryWrite[h][i]);
            }
        }
    }

    private double score(int h, KeyRole r, int p, int i, int t) {
        return switch (r) {
            case LIST -> listScore[h][p][i][t];
            case SORTED -> sortedScore[h][p][i][t];
            case START -> startScore[h][p][i];
            case STOP -> stopScore[h][p][i];
            case QUERY -> queryScore[h][p][i];
        };
    }

    /**
     * [query token][key token] what {@link Recipe.Rule#BAND_SCORE} adds: for value tokens, the token-token score is
     * replaced by its query row's mean plus a band, the mean over value pairs with the same key minus query of the
     * row-centred score; zero elsewhere. (The row mean shifts every value key of a query alike; only the band can
     * rank them.)
     */
    private double[][] bandCorrection(double[][] tokenQ, double[][] tokenK, double scale) {
        int values = c.valueCount();
        double[][] tt = new double[values][values];
        double[] rowMean = new double[values];
        for (int p = 0; p < values; p++) {
            for (int t = 0; t < values; t++) {
                tt[p][t] = dot(tokenQ[p], tokenK[t], null) / scale;
                rowMean[p] += tt[p][t] / values;
            }
        }
        double[] band = diagonalMeans(tt, rowMean, null);
        double[][] out = new double[vocab][vocab];
        for (int p = 0; p < values; p++) {
            for (int t = 0; t < values; t++) {
                out[p][t] = rowMean[p] + band[t - p + values - 1] - tt[p][t];
            }
        }
        return out;
    }

    /**
     * [offset + values - 1] the mean of {@code m[r][col] - rowOffset[r] - colOffset[col]} over the entries with
     * {@code col - r = offset} (offsets may be null).
     */
    private static double[] diagonalMeans(double[][] m, double[] rowOffset, double[] colOffset) {
        int values = m.length;
        double[] sum = new double[2 * values - 1];
        int[] count = new int[2 * values - 1];
        for (int r = 0; r < values; r++) {
            for (int col = 0; col < values; col++) {
                double x = m[r][col] - (rowOffset == null ? 0 : rowOffset[r]) - (colOffset == null ? 0 : colOffset[col]);
                sum[col - r + values - 1] += x;
                count[col - r + values - 1]++;
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= count[d];
        }
        return sum;
    }

    /** The token write with the recipe's rules applied to its value-by-value block. */
    private double[][] tokenWrite(double[][] exact, java.util.Set<Recipe.Rule> rules) {
        double[][] out = new double[exact.length][];
        for (int t = 0; t < exact.length; t++) {
            out[t] = exact[t].clone();
        }
        int values = c.valueCount();
        if (rules.contains(Recipe.Rule.BUMP_WRITE)) {
            double[][] block = Matrices.block(exact, 0, values, 0, values);
            double[] colMean = new double[values];
            for (int t = 0; t < values; t++) {
                for (int j = 0; j < values; j++) {
                    colMean[j] += block[t][j] / values;
                }
            }
            double[] bump = diagonalMeans(block, null, colMean);
            for (int t = 0; t < values; t++) {
                for (int j = 0; j < values; j++) {
                    out[t][j] = colMean[j] + bump[j - t + values - 1];
                }
            }
        }
        if (rules.contains(Recipe.Rule.RANK_TWO_WRITE)) {
            double[][] approx = LowRank.approximate(Matrices.block(exact, 0, values, 0, values), 2);
            for (int t = 0; t < values; t++) {
                System.arraycopy(approx[t], 0, out[t], 0, values);
            }
        }
        return out;
    }

    /** Replaces the value-output entries of a write by their least-squares line over the value index. */
    private void ramp(double[] write) {
        int values = c.valueCount();
        double mx = (values - 1) / 2.0;
        double my = 0;
        for (int j = 0; j < values; j++) {
            my += write[j] / values;
        }
        double sxy = 0;
        double sxx = 0;
        for (int j = 0; j < values; j++) {
            sxy += (j - mx) * (write[j] - my);
            sxx += (j - mx) * (j - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        for (int j = 0; j < values; j++) {
            write[j] = my + slope * (j - mx);
        }
    }

    private static double dot(double[] a, double[] b, double[] plusB) {
        double s = 0;
        for (int e = 0; e < a.length; e++) {
            s += a[e] * (plusB == null ? b[e] : b[e] + plusB[e]);
        }
        return s;
    }
}
