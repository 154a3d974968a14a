package io.github.sortlens.report;

import io.github.sortlens.analysis.AblationResult;
import io.github.sortlens.analysis.ActivationPatching;
import io.github.sortlens.analysis.ActivationPatching.ByConstruction;
import io.github.sortlens.analysis.Corruptions;
import io.github.sortlens.analysis.PatchingResult;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * What {@code ablation.ftlh} lays out besides the charts.
     *
     * @param ablations the ablation table
     * @param patching  the patching summary
     */
    public record Body(Ablations ablations, Patching patching) {
    }

    /**
     * The ablations section.
     *
     * @param sequences     how many held-out sequences every row is measured on
     * @param cleanLoss     held-out loss of the clean model
     * @param cleanAccuracy held-out token accuracy of the clean model
     * @param rows          every ablation, in the analysis's order
     * @param claims        the finding that compares mean and resample ablation with zero ablation, possibly none
     */
    public record Ablations(String sequences, String cleanLoss, String cleanAccuracy, List<Row> rows,
                            List<FindingsPage.ClaimView> claims) {
    }

    /**
     * The activation-patching section.
     *
     * @param kinds   one summary per corruption kind
     * @param claims  the findings about patching (ids {@code patch-...}), possibly none
     * @param skipped example pairs not formed, each with the reason, possibly none
     * @param split   per corruption kind and head, the restored fraction of each of the head's activations at the
     *                changed token and the query, with what the architecture forces
     * @param splitColumns  [column] the split table's columns
     * @param splitReadings one computed sentence per corruption kind and head: what the key/value split rules out
     */
    public record Patching(List<PatchingKind> kinds, List<FindingsPage.ClaimView> claims, List<String> skipped,
                           List<SplitColumn> splitColumns, List<SplitRow> split, List<String> splitReadings) {
    }

    /** A column of the split table: a head's activation and where it is patched. */
    public record SplitColumn(String hook, String where) {
    }

    private static final List<SplitColumn> SPLIT_COLUMNS = List.of(new SplitColumn("hook_q", "at the query"),
            new SplitColumn("hook_k", "at the changed token"), new SplitColumn("hook_v", "at the changed token"),
            new SplitColumn("hook_pattern", "at the query"), new SplitColumn("hook_z", "at the query"));

    /**
     * One corruption kind and head of the key/value split table.
     *
     * @param kind  corruption kind
     * @param head  head label
     * @param cells [column of {@link Patching#splitColumns}] restored fraction and what forces it
     */
    public record SplitRow(String kind, String head, List<SplitCell> cells) {
    }

    /**
     * @param value  restored fraction, formatted
     * @param forced empty when the number measures the model; otherwise what the architecture forces it to be
     */
    public record SplitCell(String value, String forced) {
    }

    public static PageModel build(RunData run) {
        PageModel.Builder page = new PageModel.Builder("ablation", "ablation.ftlh", "Ablation and patching",
                "What each component of the sorting model is worth when zeroed, mean-ablated or resampled, and "
                        + "which activations restore the clean answer under activation patching.");
        List<Claim> findings = Findings.of(run);
        Ablations ablations = ablations(page, run.analysis().ablations(), findings.stream()
                .filter(c -> c.id().equals("mean-ablation")).map(FindingsPage.ClaimView::of).toList());
        Patching patching = patching(page, run.analysis().patching(), findings.stream()
                .filter(c -> c.id().startsWith("patch-")).map(FindingsPage.ClaimView::of).toList());
        return page.body(new Body(ablations, patching)).build();
    }

    private static Ablations ablations(PageModel.Builder page, AblationResult a,
                                       List<FindingsPage.ClaimView> claims) {
        List<Row> rows = new ArrayList<>();
        for (AblationResult.Row r : a.rows()) {
            rows.add(new Row(r.component(), r.hook(), r.method(), r.description(), Num.sig(r.ablated().loss()),
                    signed(r.deltaLoss()), Num.percent(r.ablated().accuracy(), 2),
                    signedPercent(r.deltaAccuracy())));
        }
        List<String> labels = a.rows().stream().map(r -> r.component() + " " + r.method()).toList();
        double[][] m = a.rows().stream().map(r -> java.util.Arrays.stream(r.deltaAccuracyByPosition())
                .map(x -> 100 * x).toArray()).toArray(double[][]::new); // percentage points, as in the table
        List<String> outputs = new SequenceLayout(m[0].length).outputLabels();
        int worst = 0;
        for (int i = 1; i < a.rows().size(); i++) {
            worst = a.rows().get(i).deltaAccuracy() < a.rows().get(worst).deltaAccuracy() ? i : worst;
        }
        AblationResult.Row w = a.rows().get(worst);
        page.preview(Preview.heatmap(List.of(new Fact("clean accuracy", Num.percent(a.clean().accuracy(), 2), ""),
                new Fact(w.component() + " " + w.method() + " ablation", signedPercent(w.deltaAccuracy()), "")),
                m, "accuracy change by output position (pp)"));
        Charts.heatmap("ablation-positions", "Accuracy change by output position", "Change in held-out "
                        + "token accuracy at each sorted output (columns) when a component is ablated (rows); red "
                        + "is a loss of accuracy, in percentage points.")
                .x("output", outputs).y("ablation", labels)
                .views("accuracy change (pp)", List.of(new Charts.HeatmapView("all", "all", m)))
                .height(Math.max(300, 26 * labels.size() + 120))
                .addTo(page);
        return new Ablations(Num.count(a.sequences()), Num.sig(a.clean().loss()),
                Num.percent(a.clean().accuracy(), 2), List.copyOf(rows), claims);
    }

    /** One corruption kind's summary, formatted for the page. */
    public record PatchingKind(String kind, String what, String pairs, String follows) {
    }

    private static Patching patching(PageModel.Builder page, PatchingResult p, List<FindingsPage.ClaimView> claims) {
        List<Charts.HeatmapView> byRole = new ArrayList<>();
        List<Charts.HeatmapView> byOutput = new ArrayList<>();
        List<PatchingKind> kinds = new ArrayList<>();
        List<String> roles = p.byKind().isEmpty() ? List.of() : p.byKind().get(0).roles();
        for (PatchingResult.KindMean k : p.byKind()) {
            String label = k.corruption() + " (" + k.pairs() + " pairs)";
            byRole.add(new Charts.HeatmapView(k.corruption(), label, blankWhereNone(k.normalised(), k.pairsByRole())));
            byOutput.add(new Charts.HeatmapView(k.corruption(), label,
                    blankWhereNone(k.atQueryByOutput(), k.pairsByOutput())));
            kinds.add(new PatchingKind(k.corruption(), what(k.corruption()),
                    Num.count(k.pairs()) + " / " + Num.count(k.sequences()),
                    Num.percent(k.followsCorrupted(), 1) + " (new answer above: " + Num.percent(k.followsUp(), 1)
                            + " of " + Num.count(k.pairsUp()) + "; below: " + Num.percent(k.followsDown(), 1) + " of "
                            + Num.count(k.pairs() - k.pairsUp()) + ")"));
        }
        if (!byRole.isEmpty()) {
            Charts.heatmap("patching", "Activation patching by position role", "Fraction of the clean logit "
                            + "difference restored at the one output each corruption changes (0 = corrupted run, 1 = "
                            + "clean run) when one activation (rows) at one position is taken from the clean run. "
                            + "Columns group positions by what they are to each pair, since the changed token and the "
                            + "query sit at other indices in every pair: the value is the mean over that group's "
                            + "positions, then over the pairs that have the group (blank: none has; for "
                            + Corruptions.PREVIOUS_OUTPUT + " the changed token is the query itself).")
                    .x("position (by role)", roles).y("patched activation", p.targets())
                    .views("restored", byRole)
                    .selector(new Chart.Selector("corruption", "Corruption"))
                    .height(Math.max(260, 30 * p.targets().size() + 150))
                    .addTo(page);
            List<String> outputs = new SequenceLayout(p.byKind().get(0).pairsByOutput().length).outputLabels();
            Charts.heatmap("patching-by-output", "Patching at the query, by output", "Fraction restored when "
                            + "one activation (rows) is taken from the clean run at the query of the read output "
                            + "(columns), averaged over the pairs read at that output (blank: none; out 0 has no "
                            + "previous output to change). About " + Num.count(Math.round(averagePairsPerOutput(p)))
                            + " pairs per output, so single columns are noisy.")
                    .x("read output", outputs).y("patched activation", p.targets())
                    .views("restored", byOutput)
                    .selector(new Chart.Selector("corruption", "Corruption"))
                    .height(Math.max(260, 30 * p.targets().size() + 150))
                    .addTo(page);
        }
        List<SplitRow> split = new ArrayList<>();
        List<String> readings = new ArrayList<>();
        for (PatchingResult.KindMean k : p.byKind()) {
            if (k.pairs() == 0) {
                continue;
            }
            int heads = k.keyRestored().length;
            for (int h = 0; h < heads; h++) {
                split.add(splitRow(p, k, h));
                readings.add(splitReading(k, h, heads));
            }
        }
        return new Patching(List.copyOf(kinds), claims, List.copyOf(p.skipped()), SPLIT_COLUMNS, List.copyOf(split),
                List.copyOf(readings));
    }

    private static SplitRow splitRow(PatchingResult p, PatchingResult.KindMean k, int h) {
        String head = "L0H" + h;
        int changedRole = k.corruption().equals(Corruptions.PREVIOUS_OUTPUT) ? ActivationPatching.ROLE_QUERY
                : ActivationPatching.ROLE_CHANGED;
        int q = ActivationPatching.ROLE_QUERY;
        List<SplitCell> cells = List.of(
                cell(k.queryRestored()[h], k, p.targets().indexOf(head + " hook_q"), q),
                cell(k.keyRestored()[h], k, p.targets().indexOf(head + " hook_k"), changedRole),
                cell(k.valueRestored()[h], k, p.targets().indexOf(head + " hook_v"), changedRole),
                cell(k.normalised()[p.targets().indexOf(head + " hook_pattern")][q], k,
                        p.targets().indexOf(head + " hook_pattern"), q),
                cell(k.normalised()[p.targets().indexOf(head + " hook_z")][q], k,
                        p.targets().indexOf(head + " hook_z"), q));
        return new SplitRow(k.corruption(), head, cells);
    }

    private static SplitCell cell(double value, PatchingResult.KindMean k, int target, int role) {
        return new SplitCell(Num.percent(value, 1), forcedLabel(k.byConstruction()[target][role]));
    }

    /** What a cell's {@link ByConstruction} says on the page; empty when the cell measures the model. */
    static String forcedLabel(ByConstruction b) {
        return switch (b) {
            case NO -> "";
            case ZERO -> "0 by construction";
            case ONE -> "100 % by construction";
            case NEAR_ZERO_IF_SORTING -> "near 0 for any sorting head (by design)";
        };
    }

    /**
     * What patching one head's key against its value at the changed token rules out, from the numbers: a key that
     * restores means the change acts through where the head looks, a value that restores, through what it moves.
     */
    static String splitReading(PatchingResult.KindMean k, int h, int heads) {
        String head = "L0H" + h;
        double key = k.keyRestored()[h];
        double value = k.valueRestored()[h];
        boolean atQuery = k.corruption().equals(Corruptions.PREVIOUS_OUTPUT);
        StringBuilder s = new StringBuilder(k.corruption()).append(": ");
        if (atQuery) {
            double query = k.queryRestored()[h];
            s.append("the changed token is the query itself. Patching only ").append(head).append("'s query there "
                    + "(hook_q) restores ").append(Num.percent(query, 1)).append(" of the logit difference. ")
                    .append(ruling("where the query looks", query)).append(" Its own key (hook_k) restores ")
                    .append(Num.percent(key, 1)).append(" and its own value (hook_v) ").append(Num.percent(value, 1))
                    .append(": what the query reads from itself. ")
                    .append(ruling("its own key", key)).append(" ").append(ruling("its own value", value));
        } else {
            s.append("patching only ").append(head).append("'s key at the changed list token (hook_k) restores ")
                    .append(Num.percent(key, 1)).append(" of the logit difference, only its value there (hook_v) ")
                    .append(Num.percent(value, 1)).append(". ")
                    .append(ruling("where the head looks (the changed key)", key)).append(" ")
                    .append(ruling("what the head moves (the changed value)", value));
            if (heads == 1) {
                s.append(" The two need not add up to 100 %: the softmax couples them.");
            }
        }
        return s.toString();
    }

    /** What a restored fraction {@code x} through one route rules in or out, in words. */
    private static String ruling(String route, double x) {
        String r = Character.toUpperCase(route.charAt(0)) + route.substring(1);
        if (Math.abs(x) < 0.05) {
            return r + " carries almost none of the change (under 5 %): the change does not act through it.";
        }
        if (x >= 0.5) {
            return r + " carries most of the change on its own.";
        }
        if (x < 0) {
            return r + " alone moves the answer the wrong way, toward the corrupted answer.";
        }
        return r + " carries part of the change, but not most.";
    }

    /** What a corruption kind changes, in words. */
    static String what(String kind) {
        return switch (kind) {
            case Corruptions.LIST_VALUE -> "one list value, within its rank: one sorted output changes; the sorted "
                    + "half fed in stays as it was";
            case Corruptions.PREVIOUS_OUTPUT -> "only the previous output at one query, to another list value that "
                    + "occurs once: the answer becomes the value after it";
            default -> kind;
        };
    }

    private static double averagePairsPerOutput(PatchingResult p) {
        return p.byKind().stream().mapToDouble(k -> (double) k.pairs() / k.pairsByOutput().length).average()
                .orElse(0);
    }

    /** The matrix with NaN (a blank cell) in every column that no pair has. */
    private static double[][] blankWhereNone(double[][] m, int[] pairsByColumn) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
            for (int col = 0; col < out[r].length; col++) {
                if (pairsByColumn[col] == 0) {
                    out[r][col] = Double.NaN;
                }
            }
        }
        return out;
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Num.sig(v);
    }

    private static String signedPercent(double v) {
        return (v > 0 ? "+" : "") + Num.fixed(100 * v, 2) + "\u202fpp";
    }
}
