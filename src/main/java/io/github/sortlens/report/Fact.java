package io.github.sortlens.report;

/**
 * A labelled figure for a table or a headline: text already formatted.
 *
 * @param label what it is
 * @param value our run's value
 * @param note  context, e.g. the seed notebook's figure or how it was measured (may be empty)
 */
public record Fact(String label, String value, String note) {
}
