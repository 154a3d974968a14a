package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.AnalysisResults;
import io.github.sortlens.analysis.PatchingResult;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ablation and patching: the held-out cost of knocking out each component three ways, and, per corruption kind,
 * how much of the clean answer each patched activation restores at each position.
 */
public final class AblationPage {

    private AblationPage() {
    }

    /** One ablation row, formatted. */
    public record Row(String component, String hook, String method, String description, String loss,
                      String deltaLoss, String accuracy, String deltaAccuracy) {
    }

    public static PageModel build(RunData run) {
        PageModel.Builder page = new PageModel.Builder("ablation", "ablation.ftlh", "Ablation and patching",
                "What each component of the sorting model is worth when zeroed, mean-ablated or resampled, and "
                        + "which activations restore the clean answer under activation patching.");
        run.analysis().map(AnalysisResults::ablations).ifPresent(a -> ablations(page, a));
        run.analysis().map(AnalysisResults::patching).ifPresent(p -> patching(page, p));
        return page.build();
    }

    private static void ablations(PageModel.Builder page, AblationResult a) {
        List<Row> rows = new ArrayList<>();
        for (AblationResult.Row r : a.rows()) {
            rows.add(new Row(r.component(), r.hook(), r.method(), r.description(), Num.sig(r.ablated().loss()),
                    signed(r.deltaLoss()), Num.percent(r.ablated().accuracy(), 2),
                    signedPercent(r.deltaAccuracy())));
        }
        page.put("ablationRows", rows);
        page.put("clean", new Fact("clean model", Num.sig(a.clean().loss()), Num.percent(a.clean().accuracy(), 2)));
        page.put("ablationSequences", Num.count(a.sequences()));
        List<String> labels = a.rows().stream().map(r -> r.component() + " " + r.method()).toList();
        double[][] m = a.rows().stream().map(r -> java.util.Arrays.stream(r.deltaAccuracyByPosition())
                .map(x -> 100 * x).toArray()).toArray(double[][]::new); // percentage points, as in the table
        List<String> outputs = IntStream.range(0, m[0].length).mapToObj(i -> "out " + i).toList();
        int worst = 0;
        for (int i = 1; i < a.rows().size(); i++) {
            worst = a.rows().get(i).deltaAccuracy() < a.rows().get(worst).deltaAccuracy() ? i : worst;
        }
        AblationResult.Row w = a.rows().get(worst);
        page.preview(Preview.heatmap(List.of(new Fact("clean accuracy", Num.percent(a.clean().accuracy(), 2), ""),
                new Fact(w.component() + " " + w.method() + " ablation", signedPercent(w.deltaAccuracy()), "")),
                m, "accuracy change by output position (pp)"));
        Charts.heatmap(page, "ablation-positions", "Accuracy change by output position", "Change in held-out "
                        + "token accuracy at each sorted output (columns) when a component is ablated (rows); red "
                        + "is a loss of accuracy, in percentage points.", "output", outputs, "ablation", labels,
                "accuracy change (pp)",
                null, List.of(new Charts.HeatmapView("all", "all", m)), null, Math.max(300, 26 * labels.size() + 120));
    }

    private static void patching(PageModel.Builder page, PatchingResult p) {
        List<Charts.HeatmapView> views = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> roles = p.byKind().isEmpty() ? List.of() : p.byKind().get(0).roles();
        for (PatchingResult.KindMean k : p.byKind()) {
            views.add(new Charts.HeatmapView(k.corruption(), k.corruption() + " (" + k.pairs() + " pairs)",
                    k.normalised()));
            kinds.add(k.corruption() + ": " + k.pairs() + " pairs");
        }
        if (!views.isEmpty()) {
            Charts.heatmap(page, "patching", "Activation patching", "Fraction of the clean answer restored "
                            + "(0 = corrupted run, 1 = clean run) when one activation (rows) at one position is "
                            + "taken from the clean run. Columns group positions by what they are to each pair (the "
                            + "changed input token sits at a different index in every pair): the value is the mean "
                            + "over that group's positions, then over the pairs of the selected corruption. Each "
                            + "example page shows its own pairs by position.",
                    "position (by role)", roles, "patched activation", p.targets(), "restored",
                    new Chart.Selector("corruption", "Corruption"), views, null,
                    Math.max(260, 30 * p.targets().size() + 150));
        }
        page.put("patchingKinds", kinds);
        page.put("skipped", p.skipped());
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Num.sig(v);
    }

    private static String signedPercent(double v) {
        return (v > 0 ? "+" : "") + Num.fixed(100 * v, 2) + "\u202fpp";
    }
}
