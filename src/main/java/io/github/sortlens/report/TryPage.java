package io.github.sortlens.report;

import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.Example;
import io.github.sortlens.analysis.ExpectedSources;
import io.github.sortlens.analysis.Labels;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.data.SplitMix64;
import io.github.sortlens.model.Weights;
import io.github.sortlens.train.WeightsNpz;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * "Try it": any list, run through the model in the page ({@code site/forward.js}, {@code site/try.js}) from the
 * run's weights exported once per site ({@link ModelExport}). The charts here are shells in the example pages'
 * styles (axes, labels, colour scales, one variant per head) whose data the page computes; the input lives in the
 * URL hash ({@code try.html#list=3,1,4,...}), so a link opens the same view.
 */
public final class TryPage {

    public static final String ID = "try";

    private TryPage() {
    }

    /** A preset button: its {@code data-preset} name and label. */
    public record Preset(String name, String label) {
    }

    /**
     * What {@code try.ftlh} lays out besides the chart shells.
     *
     * @param listLength     how many values a list has
     * @param maxValue       the largest value a list may hold
     * @param defaultList    the list shown first (the inputs, comma separated)
     * @param presets        the buttons that fill in a list
     * @param duplicatesRule how an output's expected source is chosen when its value occurs more than once
     */
    public record Body(String listLength, String maxValue, String defaultList, List<Preset> presets,
                       String duplicatesRule) {
    }

    /** The run's weights, when the run directory has them (the page needs them; without them there is no page). */
    public static Optional<Weights> weights(RunData run) {
        if (!Files.isRegularFile(run.dir().weights())) {
            return Optional.empty();
        }
        return Optional.of(WeightsNpz.read(run.dir().weights(), run.config().model()));
    }

    /** The link from a page at {@code root} (e.g. {@code ../}) that opens {@code tokens}' list on the Try page. */
    public static String link(String root, ModelConfig m, int[] tokens) {
        return root + ID + ".html#list=" + Arrays.stream(SequenceLayout.of(m).inputs(tokens))
                .mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    public static PageModel build(RunData run, Weights w) {
        ModelConfig m = run.config().model();
        int n = m.listLength();
        PageModel.Builder page = new PageModel.Builder(ID, "try.ftlh", "Try it", "Type any list of " + n
                + " values from 0 to " + (m.valueCount() - 1) + " and see, computed in your browser from this run's "
                + "weights, what the model predicts, where it attends and what decides each output.");
        page.asset(ModelExport.PATH, ModelExport.script(w));
        int[] start = defaultTokens(run, m);
        page.body(new Body(Integer.toString(n), Integer.toString(m.valueCount() - 1),
                Arrays.stream(SequenceLayout.of(m).inputs(start)).mapToObj(Integer::toString)
                        .collect(Collectors.joining(", ")),
                List.of(new Preset("random", "random"), new Preset("sorted", "sorted"),
                        new Preset("all-equal", "all equal"), new Preset("big-gap", "one big gap")),
                ExpectedSources.DUPLICATES_RULE));
        page.scripts(ModelExport.PATH, "assets/forward.js", "assets/why.js", "assets/try.js");
        whyCharts(page, m);
        charts(page, m, new DirectLogitAttribution(w).components());
        return page.build();
    }

    /** The list shown first: the first random example of the analysis set, else one drawn with the run's seed. */
    private static int[] defaultTokens(RunData run, ModelConfig m) {
        return run.analysis().examples().examples().stream()
                .filter(e -> e.kind().equals(Example.RANDOM)).findFirst().map(Example::tokens)
                .orElseGet(() -> new SortingTask(m).randomSequences(new SplitMix64(run.config().train().seed()), 1)[0]);
    }

    /** The data download of a chart whose data the page computes: try.js points it at a CSV of what is shown. */
    private static List<Chart.Download> csv(String chartId) {
        return List.of(new Chart.Download("CSV", "#" + chartId));
    }

    private static void charts(PageModel.Builder page, ModelConfig m, List<String> components) {
        SequenceLayout layout = SequenceLayout.of(m);
        List<String> outputs = layout.outputLabels();
        List<String> positions = layout.positionLabels();
        List<Chart.Variant> attention = new ArrayList<>();
        List<Chart.Variant> bySource = new ArrayList<>();
        for (String head : Labels.heads(m)) {
            attention.add(new Chart.Variant(head, head, List.of(empty("attention", Chart.Series.Role.HEATMAP),
                    empty("expected source", Chart.Series.Role.MARKER)), 0.0, 1.0));
            bySource.add(new Chart.Variant(head, head, List.of(empty("logit difference", Chart.Series.Role.HEATMAP)),
                    -1.0, 1.0));
        }
        Chart.Selector head = m.nHeads() > 1 ? new Chart.Selector("head", "Head") : null;
        page.chart(Chart.builder("attention", Chart.Kind.HEATMAP, "Attention pattern", "Attention weight from each "
                        + "query position that predicts a sorted output (rows) to each key position (columns) on this "
                        + "list; green squares mark the input position holding the value each output should copy.")
                .axes(Chart.Axis.category("key position", positions),
                        Chart.Axis.category("query position", layout.predictorLabels()))
                .colours(Chart.Scale.SEQUENTIAL).variants(attention).selector(head).downloads(csv("attention"))
                .height(560).build());
        page.chart(Chart.builder("logit-diff", Chart.Kind.HEATMAP, "Logit-difference attribution", "Contribution of "
                        + "each residual component (rows) to the correct token's logit minus the strongest wrong "
                        + "token's logit, at each sorted output (columns): positive pushes the right answer ahead.")
                .axes(Chart.Axis.category("output", outputs), Chart.Axis.category("component", components))
                .colours(Chart.Scale.DIVERGING)
                .variants(List.of(new Chart.Variant("all", "all",
                        List.of(empty("logit difference", Chart.Series.Role.HEATMAP)), -1.0, 1.0)))
                .downloads(csv("logit-diff")).height(320).build());
        page.chart(Chart.builder("logit-diff-by-source", Chart.Kind.HEATMAP, "Logit difference by source position",
                        "The head's share of the logit difference (correct minus strongest wrong) at each sorted "
                        + "output (rows), split by the source position it was carried from (columns).")
                .axes(Chart.Axis.category("source position", positions), Chart.Axis.category("output", outputs))
                .colours(Chart.Scale.DIVERGING).variants(bySource).selector(head)
                .downloads(csv("logit-diff-by-source")).height(560).build());
        page.chart(Chart.builder("correct-prob", Chart.Kind.LINE, "Probability of the correct token", "Probability "
                        + "the model gives the correct next token at each sorted output (1 = certain).")
                .axes(Chart.Axis.category("output", outputs), Chart.Axis.value("probability", Chart.Format.PERCENT,
                        0, 1))
                .variants(List.of(Chart.Variant.all(List.of(empty("correct token", Chart.Series.Role.POINTS)))))
                .downloads(csv("correct-prob")).height(320).build());
    }

    /** The margin by part and the score by term, one view per output, chosen by {@code out} in the link. */
    private static void whyCharts(PageModel.Builder page, ModelConfig m) {
        SequenceLayout layout = SequenceLayout.of(m);
        List<Chart.Variant> margins = new ArrayList<>();
        for (int i = 0; i < layout.listLength(); i++) {
            margins.add(new Chart.Variant(Integer.toString(i), SequenceLayout.outputLabel(i), List.of(
                    empty("token write", Chart.Series.Role.BAR), empty("position write", Chart.Series.Role.BAR),
                    empty("bias", Chart.Series.Role.BAR)), null, null));
        }
        page.chart(Chart.builder("why-output", Chart.Kind.BAR, "Why this output: the margin by part", "The selected "
                        + "output's margin, the correct token's logit minus the strongest wrong token's (negative "
                        + "where the model is wrong), split exactly into the direct path, the biases b_O and b_U, and "
                        + "what the head carries from each kind of key (START, the unsorted list, STOP, earlier sorted "
                        + "outputs, the query itself), each split into the keys' token write and position write; the "
                        + "bars sum to the margin.")
                .axes(Chart.Axis.category("part", WhyViews.partCategories(m)),
                        Chart.Axis.value("margin part", Chart.Format.NUMBER))
                .variants(margins).selector(new Chart.Selector("out", "Output")).downloads(csv("why-output"))
                .height(320).build());
        page.chart(WhyViews.scoreChart(m, layout, "", false));
    }

    /** A series the page's script fills in from its own forward pass. */
    private static Chart.Series empty(String name, Chart.Series.Role role) {
        return new Chart.Series(name, role, new Chart.Empty());
    }
}
