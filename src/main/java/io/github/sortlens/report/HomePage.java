package io.github.sortlens.report;

import io.github.sortlens.analysis.EvaluationResult;
import io.github.sortlens.config.ModelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The home page: what the model is, the headline numbers beside the notebook's, the config, the way in. */
public final class HomePage {

    private HomePage() {
    }

    /** The 95 % interval of a held-out figure from the findings' measurements, or nothing when absent. */
    private static String interval(RunData run, boolean tokens) {
        return java.util.Optional.ofNullable(run.analysis().mechanism()).map(x -> x.heldOut()).map(h -> "95 % interval "
                + (tokens ? Num.percent(h.tokenAccuracyLow(), 2) + " to " + Num.percent(h.tokenAccuracyHigh(), 2)
                : Num.percent(h.fullySortedLow(), 2) + " to " + Num.percent(h.fullySortedHigh(), 2)) + "; ")
                .orElse("");
    }

    /**
     * What {@code index.ftlh} lays out.
     *
     * @param listLength how many values a list has
     * @param findings   one line per claim of the Findings page; empty when the run has no findings
     * @param explains   how much of the model the stated mechanism reproduces, in a sentence or two
     * @param headline   the headline numbers, each beside the notebook's figure
     * @param model      the model's shape and training
     * @param sections   a card for every other page of the site's navigation, in its order
     */
    public record Body(String listLength, List<FindingsPage.ClaimView> findings, String explains, List<Fact> headline,
                       List<Fact> model, List<Section> sections) {
    }

    public static PageModel build(RunData run, SiteModel site) {
        ModelConfig m = run.config().model();
        PageModel.Builder page = new PageModel.Builder("index", "index.ftlh", "Overview",
                "A 1-layer attention-only transformer trained on the JVM to sort " + m.listLength()
                        + " tokens, and how it does it: circuits, attribution, ablation and patching.");
        List<Fact> headline = new ArrayList<>();
        EvaluationResult e = run.analysis().evaluation();
        headline.add(new Fact("held-out token accuracy", Num.percent(e.tokenAccuracy(), 2),
                interval(run, true) + NotebookFigures.context(m, NotebookFigures.REPLICA_TOKEN_ACCURACY)));
        headline.add(new Fact("sequences fully sorted", Num.percent(e.fractionFullySorted(), 2),
                interval(run, false) + NotebookFigures.context(m, NotebookFigures.REPLICA_FULLY_SORTED)));
        headline.add(new Fact("held-out mean loss", Num.sig(e.meanLoss()), NotebookFigures.context(m, NotebookFigures.REPLICA_LOSS)));
        headline.add(new Fact("held-out sequences", Num.count(e.sequences()), ""));
        TrainingPage.fullWindowRows(run).stream().reduce((a, b) -> b).ifPresent(last ->
                headline.add(new Fact("final training loss (mean of the " + last.steps() + " steps to step "
                        + Num.count(last.step()) + ")", Num.sig(last.loss()),
                        NotebookFigures.context(m, "notebook: " + NotebookFigures.NOTEBOOK_FINAL_TRAIN_LOSS))));
        List<Fact> model = List.of(
                new Fact("layers", Integer.toString(m.nLayers()), "attention only, no LayerNorm, no MLP"),
                new Fact("heads", Integer.toString(m.nHeads()), "d_head = " + m.dHead()),
                new Fact("d_model", Integer.toString(m.dModel()), "residual stream width"),
                new Fact("n_ctx", Integer.toString(m.nCtx()), "START, " + m.listLength() + " values, STOP, the "
                        + m.listLength() + " sorted"),
                new Fact("d_vocab", Integer.toString(m.dVocab()), "values 0.." + (m.valueCount() - 1)
                        + ", START = " + m.startToken() + ", STOP = " + m.stopToken()),
                new Fact("training steps", Num.count(run.config().train().steps()), "batch "
                        + run.config().train().batchSize() + ", Adam lr " + Num.sig(run.config().train().lr())
                        + ", seed " + run.config().train().seed()));
        List<Section> sections = site.nav().stream().filter(n -> !n.id().equals("index"))
                .map(n -> new Section(n.id(), n.label(), QUESTIONS.getOrDefault(n.id(), ""))).toList();
        page.body(new Body(Integer.toString(m.listLength()), FindingsPage.summary(run), FindingsPage.explains(run),
                List.copyOf(headline), model,
                sections));
        return page.build();
    }

    /** A card of the contents: a page and, in one line, what it answers. */
    public record Section(String id, String label, String question) {
    }

    private static final Map<String, String> QUESTIONS = Map.of(
            "training", "How fast did it learn, and where are its remaining errors?",
            "circuits", "Which weights make it look at the next value, and copy it?",
            "attribution", "Which part of the model writes each correct answer?",
            "ablation", "What breaks when a part is removed or swapped?",
            "hooks", "What is in the activation cache, under which TransformerLens name?",
            "examples/index", "How does it handle each sequence, edge cases and failures included?",
            "about", "Which seed, config, versions and machine made this run?");
}
