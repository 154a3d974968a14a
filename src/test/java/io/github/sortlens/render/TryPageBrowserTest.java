package io.github.sortlens.render;

import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.ModelRunner;
import io.github.sortlens.analysis.OutputExplainer;
import io.github.sortlens.analysis.OutputExplanation;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.TryPage;
import io.github.sortlens.util.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Try page's forward pass in headless Chromium ({@code src/test/js/check-try.mjs}) against the Java model: on
 * every example sequence of the run, logits, attention pattern and direct logit attribution (per component and per
 * source position) agree within 1e-4 relative to the scale of their row (the largest |Java value| among a position's
 * logits, an output's components or source positions, at least 1: the Java model computes in float32, so a logit
 * near 0 that is a sum of terms near 1,000 carries rounding of about 1e-4 there), the predicted list and the
 * strongest wrong token agree, and the page shows every list through its URL hash. It also checks bad input
 * (explained in place, previous result kept, no error), presets, copy-link, a reload from a link,
 * {@code chromium --dump-dom}, and no sideways scrolling at 390 px; writes screenshots (1366 and 390 px, light and
 * dark, a typical list and bad input) under {@code target/screenshots/try}; prints the forward pass plus redraw time
 * and the page size without ECharts, which must stay under 180 KB (150 KB before the why table and charts, whose 20
 * views each and why.js cost about 30 KB).
 *
 * <p>Runs on the tiny test run; {@code -Dsortlens.try.run=<run directory>} runs it on another (the default run).
 */
class TryPageBrowserTest {

    static final double TOLERANCE = 1e-4;
    static final long MAX_PAGE_BYTES = 180 * 1024;

    @Test
    void browserForwardPassEqualsTheJavaModelOnEveryExample() throws IOException, InterruptedException {
        CheckSite.requireBrowser();
        String other = System.getProperty("sortlens.try.run", "");
        Path runDir;
        Path site;
        if (other.isBlank()) {
            site = SiteFixture.site();
            runDir = io.github.sortlens.testing.TinyRun.get();
        } else {
            runDir = Path.of(other);
            site = Path.of("target", "try-site").toAbsolutePath();
            new SiteRenderer().render(runDir, site);
        }
        RunData run = RunData.load(runDir);
        Weights w = TryPage.weights(run).orElseThrow();
        ExampleSet set = run.analysis().examples();
        Path expected = Path.of("target", "try-expected.json").toAbsolutePath();
        Files.writeString(expected, Json.writeCompact(expectations(w, set)), StandardCharsets.UTF_8);

        long bytes = pageBytes(site);
        assertTrue(bytes < MAX_PAGE_BYTES, "try page weighs " + bytes + " bytes without ECharts");
        Path shots = Path.of("target", "screenshots", "try").toAbsolutePath();
        Process proc = new ProcessBuilder("node", "check-try.mjs", site.toString(), expected.toString(),
                shots.toString(), Double.toString(TOLERANCE)).directory(Path.of("src/test/js").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(300, TimeUnit.SECONDS), "try check timed out");
        System.out.println("try page: " + bytes + " bytes without ECharts; browser check: " + out);
        assertEquals(0, proc.exitValue(), "try check failed:\n" + out);
        assertTrue(out.contains("\"ok\":true"), out);
        assertTrue(out.contains("\"examples\":" + set.size() + ","), "every example compared:\n" + out);
        for (String check : List.of("forward", "why", "bad-input", "hostile-links", "presets", "copy-link", "reload",
                "dump-dom", "phone-width", "example-link", "csv", "why-link", "example-why")) {
            assertTrue(out.contains("{\"name\":\"" + check + "\",\"ok\":true"), check + ":\n" + out);
        }
    }

    /** The Try page and what it loads, without the charting library. */
    static long pageBytes(Path site) throws IOException {
        long total = 0;
        for (String f : List.of("try.html", "assets/sortlens.css", "assets/sortlens.js", "assets/forward.js",
                "assets/why.js", "assets/try.js", "assets/model-weights.js")) {
            total += Files.size(site.resolve(f));
        }
        return total;
    }

    /** Per example: the list, and the Java model's logits, pattern, attribution and predictions. */
    static Map<String, Object> expectations(Weights w, ExampleSet set) {
        ModelConfig c = w.config();
        ActivationCache cache = new ModelRunner(w).run(set.tokens(),
                List.of(Hook.EMBED, Hook.POS_EMBED, Hook.RESULT, Hook.V, Hook.PATTERN));
        AttributionResult dla = new DirectLogitAttribution(w).compute(set, cache);
        int n = c.listLength();
        OutputExplainer explainer = new OutputExplainer(w);
        List<Map<String, Object>> examples = new ArrayList<>();
        for (int b = 0; b < set.size(); b++) {
            int[] tokens = set.examples().get(b).tokens();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", set.examples().get(b).id());
            e.put("tokens", tokens);
            e.put("list", java.util.Arrays.copyOfRange(tokens, 1, 1 + n));
            double[][] logits = new double[c.nCtx()][c.dVocab()];
            for (int t = 0; t < c.nCtx(); t++) {
                for (int v = 0; v < c.dVocab(); v++) {
                    logits[t][v] = cache.logits().get(b, t, v);
                }
            }
            e.put("logits", logits);
            e.put("pattern", pattern(cache.get(Hook.PATTERN), b, c));
            e.put("byComponent", dla.byComponent()[b]);
            e.put("bySource", dla.bySource()[b]);
            int[] predicted = new int[n];
            int[] wrong = new int[n];
            double[] logitDiff = new double[n];
            for (int i = 0; i < n; i++) {
                double[] row = logits[SequenceLayout.of(c).predictorOf(0) + i];
                int answer = tokens[SequenceLayout.of(c).predictorOf(0) + i + 1];
                int best = 0;
                int second = answer == 0 ? 1 : 0;
                for (int v = 0; v < row.length; v++) {
                    best = row[v] > row[best] ? v : best;
                    second = v != answer && row[v] > row[second] ? v : second;
                }
                predicted[i] = best;
                wrong[i] = second;
                logitDiff[i] = row[answer] - row[second];
            }
            e.put("predicted", predicted);
            e.put("wrong", wrong);
            e.put("logitDiff", logitDiff);
            e.put("why", why(explainer.explain(tokens)));
            examples.add(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listLength", n);
        out.put("valueCount", c.valueCount());
        out.put("heads", c.nHeads());
        out.put("examples", examples);
        return out;
    }

    /** The Java explanation of every output, as the page's {@code SortlensForward.explain} gives it. */
    static Map<String, Object> why(OutputExplanation x) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("predicted", x.predicted());
        out.put("runnerUp", x.runnerUp());
        out.put("rival", x.rival());
        out.put("margin", x.margin());
        out.put("marginParts", x.marginParts());
        out.put("marginBySource", x.marginBySource());
        out.put("score", x.score());
        out.put("scoreParts", x.scoreParts());
        out.put("weight", x.weight());
        out.put("reconstructed", x.reconstructed());
        out.put("reconstructedMargin", x.reconstructedMargin());
        return out;
    }

    private static double[][][] pattern(Tensor p, int b, ModelConfig c) {
        double[][][] out = new double[c.nHeads()][c.nCtx()][c.nCtx()];
        for (int h = 0; h < c.nHeads(); h++) {
            for (int q = 0; q < c.nCtx(); q++) {
                for (int k = 0; k < c.nCtx(); k++) {
                    out[h][q][k] = p.get(b, h, q, k);
                }
            }
        }
        return out;
    }
}
