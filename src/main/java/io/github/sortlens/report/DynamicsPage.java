package io.github.sortlens.report;

import io.github.sortlens.analysis.DynamicsResult;
import io.github.sortlens.analysis.PhaseChange;
import io.github.sortlens.analysis.TrainingDynamics;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The training-dynamics page: every progress measure on one step axis, the phase change located from the data and
 * described in words, and the circuits and one example's attention at chosen snapshots, scrubbed with a step slider.
 */
public final class DynamicsPage {

    /** The URL-hash key of the step selection shared by the scrubbed charts. */
    public static final String STEP_KEY = "step";

    private DynamicsPage() {
    }

    /**
     * What {@code dynamics.ftlh} lays out besides the charts.
     *
     * @param summary          the phase change (or its absence) in one paragraph
     * @param snapshotCount    how many weight snapshots are measured
     * @param sequenceCount    how many fixed held-out sequences each snapshot is measured on
     * @param order            sentences on which measures move before, during and after the window, which come back
     *                         and which barely change
     * @param measures         each measure's first and last value and when it moves, in the order they move
     * @param head             the head whose circuits and attention are scrubbed through training, e.g. {@code L0H0}
     */
    public record Body(String summary, String snapshotCount, String sequenceCount, List<String> order,
                       List<Fact> measures, String head) {
    }

    public static PageModel build(RunData run, DynamicsResult d) {
        PhaseChange phase = PhaseChange.locate(d);
        PageModel.Builder page = new PageModel.Builder("dynamics", "dynamics.ftlh", "Training dynamics",
                "How the sorting circuit forms: progress measures at " + d.steps().length + " weight snapshots, the"
                        + " phase change located from the data, and the circuits scrubbed through training.");
        List<Charts.Line> normalised = new ArrayList<>();
        for (PhaseChange.MeasureChange c : phase.measures()) {
            if (c.course() == PhaseChange.Course.MOVES) {
                normalised.add(new Charts.Line(c.name(), d.steps(), fractionOfChange(d.measure(c.id()).values())));
            }
        }
        if (!normalised.isEmpty()) {
            Charts.lines(page, "progress", "The measures that move, as the fraction of their change made",
                    "Each progress measure with a net change, rescaled so that its first value is 0 and its last is 1,"
                            + " against training step (measures that barely change or come back are left out)."
                            + (phase.sharp() ? " " + windowSentence(phase) : ""), "step",
                    Chart.Axis.value("fraction", Chart.Format.NUMBER), normalised);
        }
        Charts.lines(page, "fractions", "Accuracy, attention and the OV spectrum",
                "Held-out token accuracy, sequences fully sorted, attention on the answer, copying score, the"
                        + " largest eigenvalue's share, the OV rows peaking on the diagonal and the QK top keys above"
                        + " the query, on " + Num.count(d.sequences()) + " fixed held-out sequences.",
                "step", Chart.Axis.value("value", Chart.Format.PERCENT), lines(d, TrainingDynamics.ACCURACY,
                        TrainingDynamics.FULLY_SORTED, TrainingDynamics.ATTENTION_ON_ANSWER, TrainingDynamics.COPYING,
                        TrainingDynamics.TOP_EIGEN, TrainingDynamics.OV_DIAGONAL, TrainingDynamics.QK_LARGER));
        Charts.lines(page, "magnitudes", "Loss, ablation effect, score lead and logit margin",
                "Held-out loss, the loss increase when every head is zeroed, the answer keys' attention-score lead and"
                        + " the correct logit's margin over the strongest wrong token.", "step",
                Chart.Axis.value("value", Chart.Format.NUMBER), lines(d, TrainingDynamics.LOSS,
                        TrainingDynamics.ABLATION, TrainingDynamics.BAND, TrainingDynamics.MARGIN));
        scrubbed(page, d);
        return page.body(new Body(summary(d, phase), Num.count(d.steps().length), Num.count(d.sequences()),
                order(phase), facts(d, phase), d.head())).build();
    }

    private static List<Charts.Line> lines(DynamicsResult d, String... ids) {
        List<Charts.Line> out = new ArrayList<>();
        for (String id : ids) {
            DynamicsResult.Measure m = d.measure(id);
            out.add(new Charts.Line(m.name(), d.steps(), m.values()));
        }
        return out;
    }

    /** 0 at the first value, 1 at the last; all 0 when the measure ends where it began. */
    static double[] fractionOfChange(double[] v) {
        double net = v[v.length - 1] - v[0];
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = net == 0 ? 0 : (v[i] - v[0]) / net;
        }
        return out;
    }

    private static void scrubbed(PageModel.Builder page, DynamicsResult d) {
        Chart.Selector step = new Chart.Selector(STEP_KEY, "Training step");
        List<Charts.HeatmapView> qk = new ArrayList<>();
        List<Charts.HeatmapView> ov = new ArrayList<>();
        List<Charts.HeatmapView> pattern = new ArrayList<>();
        for (int i = 0; i < d.circuitSteps().length; i++) {
            String key = Integer.toString(d.circuitSteps()[i]);
            String label = "step " + Num.count(d.circuitSteps()[i]);
            qk.add(new Charts.HeatmapView(key, label, d.qkTokenBlock()[i]));
            ov.add(new Charts.HeatmapView(key, label, d.ovCentred()[i]));
            pattern.add(new Charts.HeatmapView(key, label, d.pattern()[i]));
        }
        List<String> tokens = d.tokenLabels();
        Charts.heatmap("qk-over-training", "QK token block (" + d.head() + ") over training",
                        "The weights-only QK circuit between value tokens (query rows, key columns), at " + qk.size()
                        + " snapshots. The colour range is set per step (the weights grow by orders of magnitude),"
                        + " so compare shapes across steps and read magnitudes in the tooltip or the CSV.")
                .x("key token", tokens).y("query token", tokens)
                .views("score", qk)
                .selector(step).height(460)
                .addTo(page);
        Charts.heatmap("ov-over-training", "Centred OV token block (" + d.head() + ") over training",
                        "The OV circuit between value tokens with each output column's mean removed (source rows,"
                        + " output columns): a copying head shows a diagonal. Colour range per step.")
                .x("output token", tokens).y("source token", tokens)
                .views("logit", ov)
                .selector(step).height(460)
                .addTo(page);
        Charts.heatmap("pattern-over-training", "Attention of one example over training",
                        "Attention pattern of the held-out list " + listText(d.example(), new SequenceLayout(d.queryLabels().size())) + " at the"
                        + " positions that predict a sorted token (rows) over every key position (columns). Colour"
                        + " range per step.")
                .x("key position", d.keyLabels()).y("query position", d.queryLabels())
                .views("attention", pattern)
                .selector(step).height(420)
                .addTo(page);
    }

    /** The unsorted list of a sequence {@code [START, list, STOP, sorted]}. */
    private static String listText(int[] tokens, SequenceLayout layout) {
        return java.util.Arrays.stream(layout.inputs(tokens)).mapToObj(Integer::toString)
                .collect(Collectors.joining(" "));
    }

    /** The phase change in words, from the numbers: one paragraph. */
    static String summary(DynamicsResult d, PhaseChange p) {
        double[] sorted = d.measure(TrainingDynamics.FULLY_SORTED).values();
        String from = Num.percent(sorted[0], 1) + " at step " + Num.count(d.steps()[0]) + " to "
                + Num.percent(sorted[sorted.length - 1], 1) + " at step " + Num.count(d.steps()[d.steps().length - 1]);
        String set = " of the " + Num.count(d.sequences()) + " fixed held-out sequences";
        if (p.sharp()) {
            return "The fraction" + set + " that are fully sorted goes from " + from + ". " + windowSentence(p)
                    + " The steepest rise between two snapshots is " + Num.fixed(100 * p.steepRise(), 1)
                    + " percentage points, from step " + Num.count(p.steepFrom()) + " to " + Num.count(p.steepTo())
                    + ".";
        }
        if (p.risen()) {
            return "A gradual rise, not a phase change: the fraction" + set + " that are fully sorted goes from "
                    + from + ", but the middle 80 % of that rise takes from step " + Num.count(p.start()) + " to "
                    + Num.count(p.end()) + ", more than " + Num.percent(PhaseChange.MAX_WINDOW, 0) + " of training.";
        }
        if (p.rise() <= -0.01) {
            return "No phase change; the model gets worse: the fraction" + set + " that are fully sorted falls from "
                    + from + ".";
        }
        return "No phase change: the fraction" + set + " that are fully sorted goes from " + from + ", a rise of"
                + " less than " + Num.percent(PhaseChange.MIN_RISE, 0) + ".";
    }

    private static String windowSentence(PhaseChange p) {
        return "The middle 80 % of the rise of fully sorted sequences happens between step " + Num.count(p.start())
                + " and step " + Num.count(p.end()) + " (the phase change window).";
    }

    /** What moves first, what follows, what comes back, what barely changes: sentences from the ordered midpoints. */
    static List<String> order(PhaseChange p) {
        List<String> out = new ArrayList<>();
        List<PhaseChange.MeasureChange> moves = p.measures().stream()
                .filter(m -> m.course() == PhaseChange.Course.MOVES).toList();
        if (p.sharp()) {
            for (String when : List.of("before", "during", "after")) {
                List<String> names = moves.stream().filter(m -> m.when().equals(when))
                        .map(m -> m.name() + " (half its change by step " + Num.count(m.midpoint()) + ")").toList();
                if (!names.isEmpty()) {
                    out.add("Moves " + when + " the window: " + String.join("; ", names) + ".");
                }
            }
        } else if (!moves.isEmpty()) {
            out.add("In the order they move (the step by which each has made half of its change): "
                    + String.join("; ", moves.stream().map(m -> m.name() + " (step " + Num.count(m.midpoint())
                    + ")").toList()) + ".");
        }
        List<String> back = names(p, PhaseChange.Course.RETURNS);
        if (!back.isEmpty()) {
            out.add("Moves, then comes back near where it started: " + String.join("; ", back) + ".");
        }
        List<String> barely = names(p, PhaseChange.Course.BARELY);
        if (!barely.isEmpty()) {
            out.add("Barely changes over training (its whole range is under " + Num.percent(PhaseChange.BARELY, 0)
                    + " of its largest value): " + String.join("; ", barely) + ".");
        }
        return out;
    }

    private static List<String> names(PhaseChange p, PhaseChange.Course course) {
        return p.measures().stream().filter(m -> m.course() == course).map(PhaseChange.MeasureChange::name).toList();
    }

    private static List<Fact> facts(DynamicsResult d, PhaseChange p) {
        List<Fact> out = new ArrayList<>();
        for (PhaseChange.MeasureChange m : p.measures()) {
            String format = d.measure(m.id()).format();
            out.add(new Fact(m.name(), format(m.first(), format) + " \u2192 " + format(m.last(), format),
                    switch (m.course()) {
                        case MOVES -> "half its change by step " + Num.count(m.midpoint())
                                + (p.sharp() ? " (" + m.when() + " the window)" : "");
                        case RETURNS -> "moves, then comes back";
                        case BARELY -> "barely changes";
                    }));
        }
        return out;
    }

    private static String format(double v, String format) {
        return format.equals("percent") ? Num.percent(v, 1) : Num.sig(v);
    }
}
