/**
 * Small shared utilities below every stage: deterministic JSON, the one rounding of numbers written as JSON, and
 * atomic file and directory writes.
 */
package io.github.sortlens.util;
