/**
 * Stage 6: view models of the report site, built from a run directory. {@link io.github.sortlens.report.RunData}
 * reads everything a run wrote; one builder per page type turns it into a {@link io.github.sortlens.report.PageModel}
 * of already-formatted text and tables in its page type's body record, and typed
 * {@link io.github.sortlens.report.Chart}s that {@link io.github.sortlens.report.ChartOption} writes as deterministic
 * JSON, so templates only lay things out (no arithmetic, no number formatting) and the same run gives the same bytes.
 */
package io.github.sortlens.report;
