package io.github.sortlens.report;

import io.github.sortlens.analysis.Ablations;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.CircuitsResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.PhaseChange;
import io.github.sortlens.analysis.TrainingDynamics;
import io.github.sortlens.analysis.WeightCircuits;
import io.github.sortlens.config.ModelConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sweep comparison shows of one run, taken from its analysed run directory (the rest is dropped, so a sweep
 * of many runs fits in memory).
 *
 * @param id      the run's config hash (its run directory's name, its page's name)
 * @param axes    what this run sets on each axis of the sweep, e.g. {@code model.n_heads=2, train.seed=3}
 * @param model   its model keys
 * @param figures the headline figures by {@link Figure}, NaN where the run has none (no phase change)
 * @param claims  its Findings claims, in the Findings page's order
 * @param heads   per head: what each head does
 * @param mainHead index of the head the claims are about (largest mean contribution to the logit margin)
 * @param ingredients the reconstruction's leave-one-out row: what leaving each ingredient out costs
 */
public record SweepRun(String id, Map<String, String> axes, ModelConfig model,
                       Map<Figure, Double> figures, List<Claim> claims, List<Head> heads, int mainHead,
                       List<Ingredient> ingredients) {

    public SweepRun {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        claims = List.copyOf(claims);
        heads = List.copyOf(heads);
        ingredients = List.copyOf(ingredients);
    }

    /**
     * One ingredient of the reconstruction.
     *
     * @param label what it is, e.g. "earlier sorted keys"
     * @param cost  agreement with the model lost when it is left out of the full reconstruction (a fraction)
     */
    public record Ingredient(String label, double cost) {
    }

    /** A headline figure compared across runs. */
    public enum Figure {
        TOKEN_ACCURACY("token-accuracy", "Held-out token accuracy", Chart.Format.PERCENT, "accuracy"),
        FULLY_SORTED("fully-sorted", "Held-out fully sorted", Chart.Format.PERCENT, "sequences"),
        LOSS("loss", "Held-out loss", Chart.Format.NUMBER, "nats"),
        MARGIN("margin", "Mean logit margin (correct minus best wrong)", Chart.Format.NUMBER, "logit"),
        RECONSTRUCTION("reconstruction", "The stated mechanism built into a model: agreement with it",
                Chart.Format.PERCENT, "outputs"),
        LIST_ONLY("list-only", "The list-only explanation: agreement with the model", Chart.Format.PERCENT,
                "outputs"),
        TOP_KEY("top-key", "Main head: most-attended key holds the answer", Chart.Format.PERCENT, "outputs"),
        COPYING("copying", "Main head: OV copying score", Chart.Format.NUMBER, "score"),
        ABLATION_DROP("ablation-drop", "Zero-ablating the main head: accuracy drop", Chart.Format.PERCENT, "accuracy"),
        PHASE_CHANGE("phase-change", "Step at which fully sorted made half its rise", Chart.Format.INTEGER, "step");

        private final String slug;
        private final String label;
        private final Chart.Format format;
        private final String unit;

        Figure(String slug, String label, Chart.Format format, String unit) {
            this.slug = slug;
            this.label = label;
            this.format = format;
            this.unit = unit;
        }

        /** The value axis' short name (the label is the chart's title). */
        public String unit() {
            return unit;
        }

        public String slug() {
            return slug;
        }

        public String label() {
            return label;
        }

        /** How values print. */
        public Chart.Format format() {
            return format;
        }
    }

    /**
     * One head of a run.
     *
     * @param name          {@code L0H<h>}
     * @param topKey        fraction of outputs whose most-attended key holds the answer
     * @param onAnswer      mean attention on list keys holding the answer value
     * @param copying       OV copying score
     * @param ablationDrop  token accuracy lost when the head is zero-ablated (clean minus ablated)
     * @param marginShare   mean contribution to the logit margin (correct minus best wrong logit)
     * @param qkTokenBlock  [query value][key value] the weights-only QK circuit between value tokens
     * @param ovCentred     [output value][source value] the OV value-token block, each output's row centred over the
 *                      sources (as the Circuits page draws it)
     */
    public record Head(String name, double topKey, double onAnswer, double copying, double ablationDrop,
                       double marginShare, double[][] qkTokenBlock, double[][] ovCentred) {
    }

    /** The summary of one analysed run. */
    public static SweepRun of(String id, Map<String, String> axes, RunData run) {
        AnalysisResults a = run.analysis();
        MechanismResult m = a.mechanism();
        ModelConfig model = run.config().model();
        int values = model.valueCount();
        List<Head> heads = new ArrayList<>();
        for (int h = 0; h < m.heads().size(); h++) {
            String name = m.heads().get(h);
            MechanismResult.HeadAttention att = m.attention().get(h);
            CircuitsResult.HeadCircuits circ = a.circuits().heads().get(h);
            int zero = values - 1; // delta 0 in deltaMean
            heads.add(new Head(name, att.topKeyHoldsAnswerMean(), att.deltaMean()[zero], circ.copyingScore(),
                    -a.ablations().row(name, Ablations.ZERO).orElseThrow(() -> new ReportException("the ablation"
                            + " results have no zero ablation of " + name)).deltaAccuracy(), m.logitDiff().headMean(h),
                    valueBlock(circ.qkTokenToken(), values),
                    CircuitsPage.transpose(WeightCircuits.centredTokenBlock(model, circ.ov()))));
        }
        int main = io.github.sortlens.report.claims.Evidence.mainHead(m);
        Head mh = heads.get(main);
        Map<Figure, Double> f = new LinkedHashMap<>();
        f.put(Figure.TOKEN_ACCURACY, m.heldOut().tokenAccuracy());
        f.put(Figure.FULLY_SORTED, m.heldOut().fullySorted());
        f.put(Figure.LOSS, a.evaluation().meanLoss());
        f.put(Figure.MARGIN, m.logitDiff().meanMargin());
        f.put(Figure.RECONSTRUCTION, m.reconstruction().full().agreement());
        f.put(Figure.LIST_ONLY, m.reconstruction().ladder().get(0).agreement());
        f.put(Figure.TOP_KEY, mh.topKey());
        f.put(Figure.COPYING, mh.copying());
        f.put(Figure.ABLATION_DROP, mh.ablationDrop());
        f.put(Figure.PHASE_CHANGE, phaseChangeStep(a));
        double full = m.reconstruction().full().agreement();
        List<Ingredient> ingredients = m.reconstruction().leaveOneOut().stream()
                .map(r -> new Ingredient(r.label().replaceFirst("^without ", ""), full - r.agreement())).toList();
        return new SweepRun(id, axes, model, f, Findings.of(run), heads, main, ingredients);
    }

    /** The midpoint of fully sorted's rise, when the run has dynamics and fully sorted rose enough to call it one. */
    private static double phaseChangeStep(AnalysisResults a) {
        if (a.dynamics() == null) {
            return Double.NaN;
        }
        PhaseChange p = PhaseChange.locate(a.dynamics());
        if (!p.risen()) {
            return Double.NaN;
        }
        return p.measures().stream().filter(c -> c.id().equals(TrainingDynamics.FULLY_SORTED)).findFirst()
                .map(c -> (double) c.midpoint()).orElse(Double.NaN);
    }

    private static double[][] valueBlock(double[][] m, int values) {
        double[][] out = new double[values][];
        for (int r = 0; r < values; r++) {
            out[r] = java.util.Arrays.copyOf(m[r], values);
        }
        return out;
    }

    /** The run's values on the axes other than the seed, e.g. {@code model.n_heads=2}: the group it is compared in. */
    public String group() {
        List<String> parts = new ArrayList<>();
        axes.forEach((k, v) -> {
            if (!k.equals("train.seed")) {
                parts.add(k + "=" + v);
            }
        });
        return parts.isEmpty() ? "all runs" : String.join(", ", parts);
    }

    /** Short name: its axis values, e.g. {@code n_heads 2 · seed 3}. */
    public String label() {
        List<String> parts = new ArrayList<>();
        axes.forEach((k, v) -> parts.add(k.substring(k.indexOf('.') + 1) + " " + v));
        return String.join(" · ", parts);
    }

    /** The page of this run in the comparison section. */
    public String page() {
        return "runs/" + id;
    }

    public Head main() {
        return heads.get(mainHead);
    }
}
