package io.github.sortlens.report;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.analysis.MechanismResult;
import io.github.sortlens.analysis.ReconstructionResult;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Findings page: how the model sorts, as a chain of claims with their evidence and verdicts, then the charts the
 * claims link to and the held-out figures with their intervals.
 */
public final class FindingsPage {

    public static final String ID = "findings";

    private FindingsPage() {
    }

    /** A claim laid out: verdict as its {@code data-verdict} slug and label. */
    public record ClaimView(String id, String hypothesis, String sentence, String statistic, String baseline,
                            String test, String verdict, String verdictLabel, String guarantee,
                            List<Claim.Link> links) {

        static ClaimView of(Claim c) {
            return new ClaimView(c.id(), c.hypothesis(), c.sentence(), c.statistic(), c.baseline(), c.test(),
                    c.verdict().slug(), c.verdict().label(), c.guarantee(), c.links());
        }
    }

    /**
     * A table: header cells and rows of formatted cells (the first cell of a row is its label).
     *
     * @param caption what it shows
     * @param heads   [column] header cells
     * @param rows    [row][column] cells
     */
    public record Table(String caption, List<String> heads, List<List<String>> rows) {
    }

    /**
     * What {@code findings.ftlh} lays out besides the charts.
     *
     * @param summary      the mechanism in a few paragraphs, at most {@link MechanismSummary#MAX_WORDS} words
     * @param counts       one sentence counting the claims by verdict
     * @param claims       every claim, in the order the argument runs
     * @param heads        per head, its role table: the attention each key role gets and what it writes
     * @param ladder       the reconstruction ladder: one row per rung
     * @param leaveOneOut  the full reconstruction without one ingredient each
     * @param rules        the rules in words, each substituted into the full reconstruction
     * @param glossary     the terms the page uses
     * @param heldOut      the held-out figures with their 95 % intervals
     */
    public record Body(List<MechanismSummary.Paragraph> summary, String counts, List<ClaimView> claims,
                       List<Table> heads, Table ladder,
                       Table leaveOneOut, Table rules, List<Glossary.Entry> glossary, List<Fact> heldOut) {
    }

    /** The run has what the Findings page needs. */
    public static boolean available(RunData run) {
        return !Findings.of(run).isEmpty();
    }

    /** One line per claim for the overview: question, verdict, link. */
    public static List<ClaimView> summary(RunData run) {
        return Findings.of(run).stream().map(ClaimView::of).toList();
    }

    /** The summary's last paragraph: how much of the model the stated mechanism reproduces. */
    public static String explains(RunData run) {
        return Findings.evidence(run).map(e -> MechanismSummary.of(e).get(MechanismSummary.of(e).size() - 1).text())
                .orElse("");
    }

    public static PageModel build(RunData run) {
        List<Claim> claims = Findings.of(run);
        MechanismResult m = run.analysis().mechanism();
        EvaluationResult e = run.analysis().evaluation();
        PageModel.Builder page = new PageModel.Builder(ID, "findings.ftlh", "Findings",
                "How a one-layer transformer sorts, claim by claim: what the head attends to, what it copies, what "
                        + "decides the argmax, where it fails, and what each ablation and patching experiment rules "
                        + "out, each with its test.");
        io.github.sortlens.report.claims.Evidence evidence = Findings.evidence(run).orElseThrow();
        ReconstructionResult r = m.reconstruction();
        page.body(new Body(MechanismSummary.of(evidence), counts(claims), claims.stream().map(ClaimView::of).toList(),
                roleTables(m),
                rungTable("The ladder: each rung adds one ingredient", r, r.ladder(), null),
                rungTable("Leave one out: the full reconstruction without one ingredient", r, r.leaveOneOut(),
                        r.full()),
                rungTable("Rules in words, each substituted into the full reconstruction", r, r.substitutions(),
                        r.full()),
                Glossary.ENTRIES, heldOut(m.heldOut())));
        int head = Findings.mainHead(m);
        ReconstructionCharts.add(page, m);
        attentionCharts(page, m, head);
        scoreChart(page, m, head);
        logitChart(page, m);
        gapChart(page, e, m.scores().get(head).medianReach());
        return page.build();
    }

    private static String counts(List<Claim> claims) {
        long s = claims.stream().filter(c -> c.verdict() == Claim.Verdict.SUPPORTED).count();
        long x = claims.stream().filter(c -> c.verdict() == Claim.Verdict.MIXED).count();
        long n = claims.stream().filter(c -> c.verdict() == Claim.Verdict.NOT_SUPPORTED).count();
        long g = claims.stream().filter(c -> c.verdict() == Claim.Verdict.BY_CONSTRUCTION).count();
        return claims.size() + " claims: " + s + " supported, " + x + " mixed, " + n + " not supported"
                + (g == 0 ? "." : ", and " + g + " whose number the architecture guarantees (by construction: shown, "
                + "not counted as support).");
    }

    /** Per head: each key role's attention, and its token and role writes' mean parts of the margin. */
    private static List<Table> roleTables(MechanismResult m) {
        io.github.sortlens.analysis.DecompositionResult d = m.decomposition();
        List<Table> out = new ArrayList<>();
        for (int h = 0; h < m.heads().size(); h++) {
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < d.roles().size(); r++) {
                rows.add(List.of(d.roles().get(r), Num.percent(d.headRoleAttention()[h][r], 1),
                        Num.sig(d.headRoleToken()[h][r]), Num.sig(d.headRolePosition()[h][r]),
                        Num.sig(d.headRoleMean()[h][r])));
            }
            out.add(new Table(m.heads().get(h) + ": what it reads from each key role and what that writes",
                    List.of("key role", "attention", "token write (margin)", "role write (margin)", "together"),
                    List.copyOf(rows)));
        }
        return List.copyOf(out);
    }

    /** Rows of rungs: agreement, accuracy, loss recovered under each baseline, mean KL; with a reference, the cost. */
    private static Table rungTable(String caption, ReconstructionResult r, List<ReconstructionResult.Rung> rungs,
                                   ReconstructionResult.Rung reference) {
        List<String> heads = new ArrayList<>(List.of("reconstruction", "agreement"));
        if (reference != null) {
            heads.add("cost (points)");
        }
        heads.add("accuracy");
        for (String b : r.baselines()) {
            heads.add("loss recovered (" + b + ")");
        }
        heads.add("mean KL (nats)");
        List<List<String>> rows = new ArrayList<>();
        for (ReconstructionResult.Rung rung : rungs) {
            List<String> row = new ArrayList<>(List.of(rung.label(), Num.percent(rung.agreement(), 2)));
            if (reference != null) {
                row.add(Num.fixed(100 * (reference.agreement() - rung.agreement()), 2));
            }
            row.add(Num.percent(rung.accuracy(), 2));
            for (double x : rung.lossRecovered()) {
                row.add(Num.percent(x, 1));
            }
            row.add(Num.sig(rung.klMean()));
            rows.add(List.copyOf(row));
        }
        return new Table(caption, List.copyOf(heads), List.copyOf(rows));
    }

    static List<Fact> heldOut(MechanismResult.HeldOut h) {
        return List.of(
                new Fact("held-out sequences", Num.count(h.sequences()), Num.count(h.tokens()) + " sorted tokens"),
                new Fact("token accuracy", Num.percent(h.tokenAccuracy(), 2), "95 % interval "
                        + Num.percent(h.tokenAccuracyLow(), 2) + " to " + Num.percent(h.tokenAccuracyHigh(), 2)
                        + " (sequences as the unit: tokens of one sequence are not independent)"),
                new Fact("sequences fully sorted", Num.percent(h.fullySorted(), 2), "95 % interval "
                        + Num.percent(h.fullySortedLow(), 2) + " to " + Num.percent(h.fullySortedHigh(), 2)
                        + " (Wilson)"));
    }

    private static List<String> outputs(int n) {
        return new SequenceLayout(n).outputLabels();
    }

    private static void attentionCharts(PageModel.Builder page, MechanismResult m, int head) {
        List<Charts.HeatmapView> views = new ArrayList<>();
        for (MechanismResult.HeadAttention a : m.attention()) {
            views.add(new Charts.HeatmapView(a.head(), a.head(), a.byDelta()));
        }
        MechanismResult.HeadAttention main = m.attention().get(head);
        List<String> deltas = IntStream.of(main.deltas()).mapToObj(d -> (d > 0 ? "+" : "") + d).toList();
        Charts.heatmap("attention-by-delta", "Attention by key value minus answer value",
                        "Mean attention (over " + Num.count(m.sequences()) + " held-out sequences) at each sorted "
                        + "output (rows) on the list keys whose value is the answer plus the column's offset, all copies "
                        + "summed. A pointer would be one bright column at 0; a band spreads over its neighbours.")
                .x("key value - answer value", deltas).y("output", outputs(main.byDelta().length))
                .views("attention", views)
                .selector(new Chart.Selector("head", "Head")).height(520)
                .addTo(page);
        List<Charts.Line> lines = new ArrayList<>();
        int[] x = IntStream.range(0, main.byRole().length).toArray();
        for (int r = 0; r < main.roles().size(); r++) {
            final int role = r;
            lines.add(new Charts.Line(main.roles().get(r), x,
                    java.util.Arrays.stream(main.byRole()).mapToDouble(row -> row[role]).toArray()));
        }
        Charts.lines(page, "attention-by-role", "Attention by key role (" + main.head() + ")", "Mean attention mass "
                        + "at each sorted output on the unsorted list, START, STOP and the sorted half so far.",
                "output", Chart.Axis.value("attention", Chart.Format.PERCENT, 0, 1), lines);
    }

    private static void scoreChart(PageModel.Builder page, MechanismResult m, int head) {
        MechanismResult.HeadScores s = m.scores().get(head);
        double[][] band = new double[s.score().length][];
        for (int a = 0; a < band.length; a++) {
            band[a] = new double[s.score()[a].length];
            double top = s.score()[a][s.peak()[a]];
            for (int b = 0; b < band[a].length; b++) {
                band[a][b] = Math.exp(s.score()[a][b] - top);
            }
        }
        List<String> keys = IntStream.range(0, s.score()[0].length).mapToObj(b -> "tok " + b).toList();
        Charts.heatmap("score-table", "Attention score as computed (" + s.head() + ")", "Rows: the query "
                        + "token (the previous output; STOP at output 0). Columns: a list key's value. 'computed' is "
                        + "the score with b_Q, b_K and 1/sqrt(d_head), positions averaged; 'weights only' is the QK "
                        + "token block on the same scale; 'relative weight' is exp(score - row maximum), the "
                        + "attention a key gets relative to the row's top key (the band: at least 0.1).")
                .x("key value", keys).y("query token", s.queryLabels())
                .views("score", List.of(
                        new Charts.HeatmapView("computed", "computed score", s.score()),
                        new Charts.HeatmapView("weights-only", "weights only", s.weightsOnly()),
                        new Charts.HeatmapView("relative", "relative weight", band)))
                .selector(new Chart.Selector("block", "Shown")).height(560)
                .addTo(page);
    }

    private static void logitChart(PageModel.Builder page, MechanismResult m) {
        MechanismResult.LogitDifference d = m.logitDiff();
        int[] x = IntStream.range(0, d.componentByOutput()[0].length).toArray();
        List<Charts.Line> lines = new ArrayList<>();
        for (int j = 0; j < d.components().size(); j++) {
            lines.add(new Charts.Line(d.components().get(j), x, d.componentByOutput()[j]));
        }
        Charts.lines(page, "margin-by-component", "What decides the argmax: the margin by component", "Mean "
                        + "contribution of each residual component to the logit of the correct token minus the "
                        + "strongest wrong token, at each sorted output. The components add up to the margin.",
                "output", Chart.Axis.value("logit difference", Chart.Format.NUMBER), lines);
    }

    private static void gapChart(PageModel.Builder page, EvaluationResult e, double reach) {
        long reachGap = Math.round(reach);
        List<String> cats = e.byGap().stream().map(g -> g.key() + (g.key() == 0 ? " (repeat)"
                : g.key() == reachGap ? " (reach)" : "")).toList();
        double[] err = e.byGap().stream().mapToDouble(g -> 1 - g.accuracy()).toArray();
        double[] tokens = e.byGap().stream().mapToDouble(g -> g.tokens()).toArray();
        Chart.Download counts = page.file("errors-by-gap-counts", "csv", counts(cats, tokens));
        long[] beyond = new long[2];   // tokens with a gap beyond the reach, and their errors
        long[] within = new long[2];
        for (EvaluationResult.Group g : e.byGap()) {
            long[] side = g.key() > reach ? beyond : within;
            side[0] += g.tokens();
            side[1] += Math.round(g.tokens() * (1 - g.accuracy()));
        }
        long all = beyond[0] + within[0];
        String comparison = beyond[0] == 0 ? "no output has a gap beyond it"
                : within[0] == 0 ? "every output has a gap beyond it"
                : "gaps beyond it fail " + Num.percent((double) beyond[1] / beyond[0], 2) + " of the time, gaps"
                + " within it " + Num.percent((double) within[1] / within[0], 2) + "; "
                + Num.percent(all == 0 ? 0 : (double) beyond[0] / all, 2) + " of outputs have a gap beyond it";
        Charts.bars(page, "errors-by-gap", "Errors by gap, beside the band's reach", "Held-out token error rate of "
                        + "outputs 1 onwards by the gap to the previous sorted value; gap 0 is a repeated value, and the "
                        + "band's reach is marked on its gap. The score band reaches a median "
                        + Num.sig(reach) + " values above the previous output; " + comparison + ". The second data "
                        + "file gives how many outputs each gap has.",
                "gap", cats, Chart.Axis.value("error rate", Chart.Format.PERCENT), List.of("token error rate"),
                List.of(err), List.of(new Chart.Download("CSV of outputs per gap", counts.href())));
    }

    private static String counts(List<String> cats, double[] tokens) {
        Csv csv = new Csv(List.of("gap", "outputs"));
        for (int i = 0; i < cats.size(); i++) {
            csv.row(List.of(cats.get(i), Num.exact(tokens[i])));
        }
        return csv.toString();
    }
}
