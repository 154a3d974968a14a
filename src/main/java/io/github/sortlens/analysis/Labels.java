package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.data.SequenceLayout;

import java.util.ArrayList;
import java.util.List;

/** The seed notebook's labels for tokens, positions and heads, so the report speaks the notebook's language. */
public final class Labels {

    private Labels() {
    }

    /** [d_vocab] {@code tok 0 .. tok V-1, START, STOP}. */
    public static List<String> tokens(ModelConfig c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.valueCount(); i++) {
            out.add("tok " + i);
        }
        out.add("START");
        out.add("STOP");
        return out;
    }

    /** [n_ctx] {@code pos START, pos in 0 .. pos in n-1, pos STOP, pos out 0 .. pos out n-1}. */
    public static List<String> positions(ModelConfig c) {
        return SequenceLayout.of(c).positionLabels();
    }

    /** [d_vocab + n_ctx] the rows of {@code W_E_pos = [W_E; W_pos]}: token labels, then position labels. */
    public static List<String> embeddings(ModelConfig c) {
        List<String> out = new ArrayList<>(tokens(c));
        out.addAll(positions(c));
        return out;
    }

    /** [n_heads] {@code L0H0, L0H1, ...} */
    public static List<String> heads(ModelConfig c) {
        List<String> out = new ArrayList<>();
        for (int h = 0; h < c.nHeads(); h++) {
            out.add(head(h));
        }
        return out;
    }

    public static String head(int h) {
        return "L0H" + h;
    }
}
