package io.github.sortlens.report;

import io.github.sortlens.analysis.DirectLogitAttribution;
import io.github.sortlens.analysis.Labels;
import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.Param;
import io.github.sortlens.model.Tensor;
import io.github.sortlens.model.Weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

/**
 * The run's weights as one script for the page-side forward pass ({@code site/forward.js}): a script file rather
 * than a fetched data file because browsers refuse {@code fetch} from {@code file://}. The values are the exact
 * float32 weights, little-endian, base64, every parameter in {@link Param} order under its TransformerLens name and
 * shape; the labels the page shows (heads, attribution components, positions) come along so the page needs no copy
 * of them. Deterministic: the same weights give the same bytes.
 */
public final class ModelExport {

    /** Where the script is written, relative to the site root. */
    public static final String PATH = "assets/model-weights.js";

    private ModelExport() {
    }

    public static String script(Weights w) {
        ModelConfig c = w.config();
        StringBuilder params = new StringBuilder("[");
        int size = 0;
        for (Map.Entry<Param, Tensor> e : w.all().entrySet()) {
            params.append(size == 0 ? "" : ",").append("{\"name\":").append(JsonText.str(e.getKey().tlName()))
                    .append(",\"shape\":").append(JsonText.ints(e.getValue().shape())).append('}');
            size += e.getValue().size();
        }
        params.append(']');
        ByteBuffer bytes = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : w.all().values()) {
            for (float f : t.data()) {
                bytes.putFloat(f);
            }
        }
        return "/* Weights of this run for assets/forward.js: float32 little-endian, base64, in params order. */\n"
                + "window.SORTLENS_WEIGHTS = {\"config\":{\"d_model\":" + c.dModel() + ",\"d_head\":" + c.dHead()
                + ",\"n_heads\":" + c.nHeads() + ",\"n_ctx\":" + c.nCtx() + ",\"d_vocab\":" + c.dVocab() + "},\n"
                + "\"heads\":" + JsonText.strings(Labels.heads(c)) + ",\n"
                + "\"components\":" + JsonText.strings(new DirectLogitAttribution(w).components()) + ",\n"
                + "\"positionLabels\":" + JsonText.strings(Labels.positions(c)) + ",\n"
                + "\"params\":" + params + ",\n"
                + "\"data\":\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"};\n";
    }
}
