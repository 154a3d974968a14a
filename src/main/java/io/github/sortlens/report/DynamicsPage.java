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
     * @param power            how much of fully sorted's rise across the window token accuracy to the n-th power
     *                         accounts for, in words; empty when fully sorted did not rise
     * @param snapshotCount    how many weight snapshots are measured
     * @param sequenceCount    how many fixed held-out sequences each snapshot is measured on
     * @param order            sentences on which measures move before, during and after the window, which come back
     *                         and which barely change
     * @param measures         each measure's first and last value and when it moves, in the order they move
     * @param head             the head whose circuits and attention are scrubbed through training, e.g. {@code L0H0}
     * @param headWhy          why that head, in words
     * @param multiples        chart ids of the small multiples, one per measure, in the order the measures move
     */
    public record Body(String summary, String power, String snapshotCount, String sequenceCount, List<String> order,
                       List<Fact> measures, String head, String headWhy, List<String> multiples) {
    }

    /** Pixel height of one small multiple: room for its legend, a readable curve and the step axis. */
    static final int MULTIPLE_HEIGHT = 210;

    public static PageModel build(RunData run, DynamicsResult d) {
        PhaseChange phase = PhaseChange.locate(d);
        PageModel.Builder page = new PageModel.Builder("dynamics", "dynamics.ftlh", "Training dynamics",
                "How the sorting circuit forms: progress measures at " + d.steps().length + " weight snapshots, the"
                        + " phase change located from the data, and the circuits scrubbed through training.");
        int n = run.config().model().listLength();
        List<String> multiples = multiples(page, d, phase);
        scrubbed(page, d);
        int heads = run.config().model().nHeads();
        String headWhy = heads == 1 ? d.head() + ", the model's only head"
                : d.head() + ", the head with the largest mean share of the final model's logit margin (the main head"
                        + " the findings speak of; the model has " + heads + " heads)";
        return page.body(new Body(summary(d, phase), powerSentence(d, phase, n), Num.count(d.steps().length),
                Num.count(d.sequences()), order(phase), facts(d, phase), d.head(), headWhy, multiples)).build();
    }

    /**
     * One small chart per measure, all over the same step axis, in the order the measures move; fully sorted shares
     * its chart with token accuracy to the n-th power, what it would be if outputs failed independently.
     */
    private static List<String> multiples(PageModel.Builder page, DynamicsResult d, PhaseChange phase) {
        List<String> ids = new ArrayList<>();
        boolean withPower = d.measures().stream().anyMatch(m -> m.id().equals(TrainingDynamics.ACCURACY_POWER));
        for (PhaseChange.MeasureChange c : phase.measures()) {
            if (c.id().equals(TrainingDynamics.ACCURACY_POWER)) {
                continue;
            }
            DynamicsResult.Measure m = d.measure(c.id());
            List<Charts.Line> lines = new ArrayList<>(List.of(new Charts.Line(m.name(), d.steps(), m.values())));
            String extra = "";
            if (c.id().equals(TrainingDynamics.FULLY_SORTED) && withPower) {
                DynamicsResult.Measure p = d.measure(TrainingDynamics.ACCURACY_POWER);
                lines.add(new Charts.Line(p.name(), d.steps(), p.values()));
                extra = " Beside it, " + p.name() + ": " + p.meaning() + ".";
            }
            boolean percent = m.format().equals("percent");
            String id = "progress-" + c.id();
            String on = m.sequences() > 0 && m.sequences() < d.sequences()
                    ? ", on the first " + Num.count(m.sequences()) + " of the " + Num.count(d.sequences())
                    : ", on " + Num.count(d.sequences());
            Charts.lines(page, id, capitalised(m.name()), capitalised(m.meaning()) + on + " fixed held-out sequences: "
                            + format(c.first(), m.format()) + " at step "
                            + Num.count(d.steps()[0]) + ", " + format(c.last(), m.format()) + " at the end; "
                            + course(c, phase) + "." + extra, "step",
                    Chart.Axis.value(percent ? "share" : "value", percent ? Chart.Format.PERCENT : Chart.Format.NUMBER),
                    lines, MULTIPLE_HEIGHT);
            ids.add(id);
        }
        return ids;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String course(PhaseChange.MeasureChange m, PhaseChange p) {
        return switch (m.course()) {
            case MOVES -> "half its change made by step " + Num.count(m.midpoint())
                    + (p.sharp() ? " (" + m.when() + " the phase change window)" : "");
            case RETURNS -> "it moves, then comes back near where it started";
            case BARELY -> "it barely changes";
        };
    }

    /**
     * How much of fully sorted's rise across the window (from its 10 % to its 90 % crossing) the n-th power of
     * token accuracy accounts for: if every output failed independently at the token error rate, fully sorted would
     * be accuracy^n, which turns a smooth rise of accuracy into a sharp one.
     */
    static String powerSentence(DynamicsResult d, PhaseChange p, int n) {
        if (!p.risen() || d.measures().stream().noneMatch(m -> m.id().equals(TrainingDynamics.ACCURACY_POWER))) {
            return "";
        }
        int from = index(d.steps(), p.start());
        int to = index(d.steps(), p.end());
        double[] sorted = d.measure(TrainingDynamics.FULLY_SORTED).values();
        double[] power = d.measure(TrainingDynamics.ACCURACY_POWER).values();
        double[] accuracy = d.measure(TrainingDynamics.ACCURACY).values();
        double sortedRise = sorted[to] - sorted[from];
        double powerRise = power[to] - power[from];
        String head = "From step " + Num.count(p.start()) + " to step " + Num.count(p.end()) + ", fully sorted rises by "
                + Num.fixed(100 * sortedRise, 1) + " percentage points while token accuracy goes from "
                + Num.percent(accuracy[from], 1) + " to " + Num.percent(accuracy[to], 1) + ". Token accuracy to the "
                + TrainingDynamics.ordinal(n) + " power (what fully sorted would be if each of a list's " + n
                + " outputs were right at that rate independently) rises by " + Num.fixed(100 * powerRise, 1) + " points over the same steps";
        if (sortedRise <= 0) {
            return head + ".";
        }
        double share = powerRise / sortedRise;
        String reading = share >= 1 ? ": the power alone accounts for all of the jump, so fully sorted is no sharper "
                + "than token accuracy raised to the " + TrainingDynamics.ordinal(n) + " power"
                : share >= 0.5 ? ": most of the jump is that power effect; the rest comes from errors falling "
                + "together on fewer sequences than independent errors would"
                : ": less than half of the jump is that power effect; the rest comes from errors falling together "
                + "on fewer sequences than independent errors would";
        return head + ", " + Num.percent(share, 0) + " of the rise of fully sorted" + reading + ".";
    }

    /** Index of {@code step} in {@code steps} (the window's ends are snapshot steps). */
    private static int index(int[] steps, int step) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == step) {
                return i;
            }
        }
        throw new IllegalArgumentException("step " + step + " is not a snapshot");
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
