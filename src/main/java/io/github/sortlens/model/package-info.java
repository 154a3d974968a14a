/**
 * Stage 3: the 1-layer attention-only transformer as a SameDiff graph, with TransformerLens parameter names
 * ({@link io.github.sortlens.model.Param}) and hook names ({@link io.github.sortlens.model.Hook}). The only
 * package that builds SameDiff graphs; what leaves it is plain {@link io.github.sortlens.model.Tensor} data.
 */
package io.github.sortlens.model;
