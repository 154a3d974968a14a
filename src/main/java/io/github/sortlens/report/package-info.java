/**
 * Stage 6: view models of the report site, built from a run directory. {@link io.github.sortlens.report.RunData}
 * reads everything a run wrote; one builder per page type turns it into a {@link io.github.sortlens.report.PageModel}
 * of already-formatted text, tables and {@link io.github.sortlens.report.Chart}s whose data is deterministic JSON, so
 * templates only lay things out (no arithmetic, no number formatting) and the same run gives the same bytes.
 */
package io.github.sortlens.report;
