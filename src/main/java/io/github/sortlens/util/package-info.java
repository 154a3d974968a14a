/**
 * Small shared utilities below every stage: deterministic JSON, and atomic file and directory writes.
 */
package io.github.sortlens.util;
