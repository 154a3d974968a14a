package io.github.sortlens.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding: a hypothesis about how the model sorts, evaluated on the run's own numbers.
 *
 * @param id        stable anchor id on the Findings page, e.g. {@code attention-band}
 * @param question  what the claim answers, e.g. "What does the head attend to?"
 * @param sentence  the claim in words, generated from the run's numbers
 * @param statistic the number the verdict rests on, formatted with its name
 * @param test      the test it had to pass: the thresholds, as named in {@link Findings}
 * @param verdict   the outcome of the test
 * @param links     charts that show the evidence
 * @param numbers   every number the sentence states, unformatted, by name (what the tests recompute)
 */
public record Claim(String id, String question, String sentence, String statistic, String test, Verdict verdict,
                    List<Link> links, Map<String, Double> numbers) {

    public Claim {
        links = List.copyOf(links);
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /** The outcome of a claim's test. */
    public enum Verdict {
        SUPPORTED("supported", "Supported"),
        MIXED("mixed", "Mixed"),
        NOT_SUPPORTED("not-supported", "Not supported");

        private final String slug;
        private final String label;

        Verdict(String slug, String label) {
            this.slug = slug;
            this.label = label;
        }

        /** The {@code data-verdict} value. */
        public String slug() {
            return slug;
        }

        public String label() {
            return label;
        }

        /** Supported when {@code strong}, else mixed when {@code weak}, else not supported. */
        static Verdict of(boolean strong, boolean weak) {
            return strong ? SUPPORTED : weak ? MIXED : NOT_SUPPORTED;
        }
    }

    /**
     * A link to the evidence.
     *
     * @param label link text
     * @param href  relative to the site root, e.g. {@code findings.html#attention-by-delta}
     */
    public record Link(String label, String href) {
    }
}
