/**
 * The one place that wires the stages: the command line ({@code train}, {@code analyse}, {@code render},
 * {@code all}, {@code bench}), the pipeline that runs them in order, and the mapping of every failure to one line and
 * an exit code.
 */
package io.github.sortlens.cli;
