/**
 * Stage 5: the analysis suite. Each analysis is a small final class whose result is a plain record of numbers and
 * labels (no ND4J types, no I/O, no HTML); {@link io.github.sortlens.analysis.ModelRunner} is the only class here
 * that runs the model, {@link io.github.sortlens.analysis.AnalysisSuite} wires the analyses, and
 * {@link io.github.sortlens.analysis.AnalysisFiles} writes and reads their results as JSON
 * ({@code <runDir>/analysis/<name>.json}) for the report stage.
 *
 * <p>Conventions shared by every result: positions are sequence positions {@code 0 .. n_ctx-1}
 * ({@code [START, v_1..v_n, STOP, sorted]}); "sorted index" {@code i} in {@code 0 .. n-1} is the i-th output, predicted
 * by the logits at position {@code n + 1 + i}; heads are labelled {@code L0H0, L0H1, ...}.
 */
package io.github.sortlens.analysis;
