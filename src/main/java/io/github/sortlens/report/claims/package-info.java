/**
 * The claims of the Findings page, one small unit each ({@link io.github.sortlens.report.claims.ClaimUnit}): the
 * hypothesis as a statement, the statistic it rests on, its baseline, the test with its thresholds explained in
 * words, and whether the architecture guarantees the number. Every sentence is written from the run's numbers, so
 * an untrained or broken model reads differently.
 */
package io.github.sortlens.report.claims;
