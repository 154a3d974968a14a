package io.github.sortlens.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding: a hypothesis about how the model sorts, evaluated on the run's own numbers.
 *
 * @param id         stable anchor id on the Findings page, e.g. {@code attention-band}
 * @param hypothesis the hypothesis as a statement, e.g. "The head's most-attended key holds the answer value."
 * @param sentence   what the run's numbers say about it, generated from them
 * @param statistic  the number the verdict rests on, formatted with its name
 * @param baseline   what the same statistic gives without the mechanism (an untrained or scrambled model, a
 *                   control); empty when there is none
 * @param test       the test it had to pass: its thresholds, named and explained in words
 * @param verdict    the outcome of the test; {@link Verdict#BY_CONSTRUCTION} when the architecture guarantees the
 *                   number, which then counts as no support
 * @param guarantee  why the architecture guarantees the number; empty when it does not
 * @param links      charts that show the evidence
 * @param numbers    every number the sentence states, unformatted, by name (what the tests recompute)
 */
public record Claim(String id, String hypothesis, String sentence, String statistic, String baseline, String test,
                    Verdict verdict, String guarantee, List<Link> links, Map<String, Double> numbers) {

    public Claim {
        links = List.copyOf(links);
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        if ((verdict == Verdict.BY_CONSTRUCTION) == guarantee.isEmpty()) {
            throw new IllegalArgumentException("claim " + id + ": a verdict by construction needs its guarantee, "
                    + "and only it");
        }
    }

    /** The same claim labelled as guaranteed by the architecture, for {@code reason}. */
    public Claim guaranteed(String reason) {
        return new Claim(id, hypothesis, sentence, statistic, baseline, test, Verdict.BY_CONSTRUCTION, reason, links,
                numbers);
    }

    /** The outcome of a claim's test. */
    public enum Verdict {
        SUPPORTED("supported", "Supported"),
        MIXED("mixed", "Mixed"),
        NOT_SUPPORTED("not-supported", "Not supported"),
        /** The architecture guarantees the number: it is shown, labelled, and counts as no support. */
        BY_CONSTRUCTION("by-construction", "By construction");

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
        public static Verdict of(boolean strong, boolean weak) {
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
