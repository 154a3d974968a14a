package io.github.sortlens.report;

import java.util.List;

/** The terms the Findings page uses, each defined in a sentence. */
public final class Glossary {

    /**
     * One term.
     *
     * @param term       as the page writes it
     * @param definition what it means here
     */
    public record Entry(String term, String definition) {
    }

    private Glossary() {
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry("output i", "the i-th smallest value, predicted by the logits at the position before it; the "
                    + "token there (the query's own token) is the previous output, STOP at output 0"),
            new Entry("margin", "the correct token's logit minus its runner-up's, the strongest other token; it is "
                    + "positive exactly when the prediction is right"),
            new Entry("key role", "what a key position is for the query: START, the unsorted list, STOP, an earlier "
                    + "sorted output, or the query's own token"),
            new Entry("token write", "what a key writes to the logits because of its value: W_E[t] W_V W_O W_U"),
            new Entry("role write", "what a key writes because of where it sits: (W_pos W_V + b_V) W_O W_U"),
            new Entry("direct path", "the query's own embeddings read straight by the unembedding, (W_E + W_pos) W_U, "
                    + "without any head"),
            new Entry("band", "the list keys whose score is within ln 10 (about 2.3) of the row's top score, so "
                    + "each gets at least a tenth of the top key's attention"),
            new Entry("reach", "how far above the previous output the band extends, in values"),
            new Entry("reconstruction", "a model built only from the stated mechanism; keys of the list and of the "
                    + "earlier sorted outputs sit at their role's mean position"),
            new Entry("agreement", "the fraction of held-out outputs where the reconstruction's top token is the "
                    + "real model's"),
            new Entry("loss recovered", "(L_base - L_recon) / (L_base - L_model): 100 % is the model's loss, 0 % "
                    + "the baseline's"),
            new Entry("zero, mean, resample ablation", "every head's output replaced by zero, by its mean at that "
                    + "position, or by another sequence's"),
            new Entry("KL", "how far the reconstruction's next-token distribution is from the model's, in nats"),
            new Entry("by construction", "a number the architecture guarantees; shown, never counted as support"));
}
