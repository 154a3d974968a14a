package io.github.sortlens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sortlens.analysis.AttributionResult;
import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.Example;
import io.github.sortlens.analysis.ExampleSet;
import io.github.sortlens.analysis.ModelRunner;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.data.SortingTask;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;
import io.github.sortlens.testing.TestWeights;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weights script of the Try page decodes to exactly the model's float32 weights, and {@code site/forward.js}
 * (run in Node) on it gives the Java model's logits, pattern and attribution on a two-head model with large
 * weights (the tiny trained run of the browser test has one head).
 */
class ModelExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "window.SORTLENS_WEIGHTS = ";

    private static JsonNode parse(String script) throws IOException {
        int from = script.indexOf(PREFIX) + PREFIX.length();
        return JSON.readTree(script.substring(from, script.lastIndexOf(';')));
    }

    @Test
    void theScriptHoldsEveryWeightBitForBitInParamOrder() throws IOException {
        Weights w = TestWeights.random(TestWeights.TINY_2_HEADS, 7, 0.3);
        String script = ModelExport.script(w);
        assertEquals(script, ModelExport.script(TestWeights.random(TestWeights.TINY_2_HEADS, 7, 0.3)));
        JsonNode root = parse(script);
        assertEquals(2, root.get("config").get("n_heads").asInt());
        assertEquals(12, root.get("config").get("n_ctx").asInt());
        assertEquals(List.of("L0H0", "L0H1"), JSON.convertValue(root.get("heads"), List.class));
        SequenceLayout layout = SequenceLayout.of(w.config());
        JsonNode l = root.get("layout");
        assertEquals(layout.listLength(), l.get("listLength").asInt());
        assertEquals(layout.start(), l.get("start").asInt());
        assertEquals(layout.input(0), l.get("input").asInt());
        assertEquals(layout.stop(), l.get("stop").asInt());
        assertEquals(layout.output(0), l.get("output").asInt());
        assertEquals(layout.predictorOf(0), l.get("predictor").asInt());
        assertEquals(layout.outputLabels().get(3), l.get("outputLabels").get(3).asText());
        assertEquals(layout.listLength(), l.get("outputLabels").size());
        ByteBuffer data = ByteBuffer.wrap(Base64.getDecoder().decode(root.get("data").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        Param[] params = Param.values();
        assertEquals(params.length, root.get("params").size());
        for (int i = 0; i < params.length; i++) {
            JsonNode p = root.get("params").get(i);
            assertEquals(params[i].tlName(), p.get("name").asText());
            Tensor t = w.get(params[i]);
            assertArrayEquals(t.shape(), JSON.convertValue(p.get("shape"), int[].class));
            float[] decoded = new float[t.size()];
            for (int j = 0; j < decoded.length; j++) {
                decoded[j] = data.getFloat();
            }
            assertArrayEquals(t.data(), decoded, params[i].tlName());
        }
        assertEquals(0, data.remaining());
    }

    @Test
    void forwardJsEqualsTheJavaModelOnTwoHeads() throws IOException, InterruptedException {
        Weights w = TestWeights.random(TestWeights.TINY_2_HEADS, 11, 0.5);
        int[] values = {4, 0, 9, 4, 2};
        int[] tokens = new SortingTask(w.config()).sequence(values);
        ActivationCache cache = new ModelRunner(w).run(new int[][] {tokens},
                List.of(Hook.EMBED, Hook.POS_EMBED, Hook.RESULT, Hook.V, Hook.PATTERN));
        AttributionResult dla = new DirectLogitAttribution(w).compute(new ExampleSet(List.of(
                new Example("x", Example.RANDOM, "x", 0, tokens))), cache);
        Path dir = Files.createTempDirectory("forward-js");
        Files.writeString(dir.resolve("w.js"), ModelExport.script(w));
        String js = "global.window = global; require(process.argv[1] + '/w.js');"
                + "const F = require(process.argv[2]); const m = F.load(window.SORTLENS_WEIGHTS);"
                + "const r = F.analyse(m, [4, 0, 9, 4, 2]);"
                + "const att = r.correct.map((c, i) => F.attribute(m, r.cache, m.listLength + 1 + i, c));"
                + "console.log(JSON.stringify({tokens: r.tokens, logits: Array.from(r.cache.logits),"
                + " pattern: r.cache.pattern.map((p) => Array.from(p)), expected: r.expected,"
                + " components: att.map((a) => a.components),"
                + " bySource: att.map((a) => a.bySource.map((s) => Array.from(s))),"
                + " diff: r.diffComponents, logitDiff: r.logitDiff, wrong: r.wrong}));";
        Process proc = new ProcessBuilder("node", "-e", js, dir.toString(),
                Path.of("site/forward.js").toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        JsonNode r = JSON.readTree(out);
        assertArrayEquals(tokens, JSON.convertValue(r.get("tokens"), int[].class));
        int t = w.config().nCtx();
        int v = w.config().dVocab();
        int n = w.config().listLength();
        double worst = 0;
        for (int q = 0; q < t; q++) {
            for (int k = 0; k < v; k++) {
                worst = Math.max(worst, rel(r.get("logits").get(q * v + k).asDouble(), cache.logits().get(0, q, k)));
            }
            for (int h = 0; h < 2; h++) {
                for (int k = 0; k < t; k++) {
                    worst = Math.max(worst, rel(r.get("pattern").get(h).get(q * t + k).asDouble(),
                            cache.get(Hook.PATTERN).get(0, h, q, k)));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dla.components().size(); c++) {
                worst = Math.max(worst, rel(r.get("components").get(i).get(c).asDouble(), dla.byComponent()[0][c][i]));
            }
            for (int h = 0; h < 2; h++) {
                for (int k = 0; k < t; k++) {
                    worst = Math.max(worst, rel(r.get("bySource").get(i).get(h).get(k).asDouble(),
                            dla.bySource()[0][h][i][k]));
                }
            }
            int q = n + 1 + i;
            int wrong = r.get("wrong").get(i).asInt();
            double diff = cache.logits().get(0, q, tokens[q + 1]) - cache.logits().get(0, q, wrong);
            double sum = 0;
            for (JsonNode c : r.get("diff").get(i)) {
                sum += c.asDouble();
            }
            worst = Math.max(worst, Math.max(rel(sum, diff), rel(r.get("logitDiff").get(i).asDouble(), diff)));
            for (int k = 0; k < v; k++) {
                assertTrue(k == tokens[q + 1] || cache.logits().get(0, q, k) <= cache.logits().get(0, q, wrong) + 1e-4,
                        "strongest wrong token at out " + i);
            }
        }
        assertTrue(worst < 1e-5, "largest relative difference " + worst);
        assertArrayEquals(new int[] {2, 5, 1, 4, 3}, JSON.convertValue(r.get("expected"), int[].class));
    }

    private static double rel(double js, double java) {
        return Math.abs(js - java) / Math.max(1, Math.abs(java));
    }
}
