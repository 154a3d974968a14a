package io.github.sortlens.report;

import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.Labels;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.github.sortlens.report.PageJson.object;

/**
 * The run's weights as one script for the page-side forward pass ({@code site/forward.js}): a script file rather
 * than a fetched data file because browsers refuse {@code fetch} from {@code file://}. The values are the exact
 * float32 weights, little-endian, base64, every parameter in {@link Param} order under its TransformerLens name and
 * shape; the labels the page shows (heads, attribution components, positions) and the sequence layout (where the
 * inputs, STOP and the outputs sit, from {@link SequenceLayout}) come along so the page needs no copy of them.
 * Deterministic: the same weights give the same bytes.
 */
public final class ModelExport {

    /** Where the script is written, relative to the site root. */
    public static final String PATH = "assets/model-weights.js";

    private ModelExport() {
    }

    public static String script(Weights w) {
        ModelConfig c = w.config();
        List<Map<String, Object>> params = new ArrayList<>();
        int size = 0;
        for (Map.Entry<Param, Tensor> e : w.all().entrySet()) {
            params.add(object("name", e.getKey().tlName(), "shape", e.getValue().shape()));
            size += e.getValue().size();
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : w.all().values()) {
            for (float f : t.data()) {
                bytes.putFloat(f);
            }
        }
        Map<String, Object> export = object(
                "config", object("d_model", c.dModel(), "d_head", c.dHead(), "n_heads", c.nHeads(),
                        "n_ctx", c.nCtx(), "d_vocab", c.dVocab()),
                "heads", Labels.heads(c),
                "components", new DirectLogitAttribution(w).components(),
                "positionLabels", Labels.positions(c),
                "layout", layout(SequenceLayout.of(c)),
                "params", params,
                "data", Base64.getEncoder().encodeToString(bytes.array()));
        return "/* Weights of this run for assets/forward.js: float32 little-endian, base64, in params order. */\n"
                + "window.SORTLENS_WEIGHTS = " + PageJson.write(new PageJson.Lines(1, export)) + ";\n";
    }

    /**
     * The positions the page's scripts index by: input {@code i} is at {@code input + i}, output {@code j} at
     * {@code output + j}, and the logits at {@code predictor + j} predict output {@code j}, labelled
     * {@code outputLabels[j]} as on the charts.
     */
    private static Map<String, Object> layout(SequenceLayout l) {
        return object("listLength", l.listLength(), "start", l.start(), "input", l.input(0), "stop", l.stop(),
                "output", l.output(0), "predictor", l.predictorOf(0), "outputLabels", l.outputLabels());
    }
}
