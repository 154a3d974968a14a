package io.github.sortlens.analysis;

import java.util.List;

/**
 * Every activation the model records ({@code cache-catalogue.json}), as TransformerLens' {@code cache.keys()} shows
 * them, with shapes as measured on the example run.
 *
 * @param batch   batch size of the run the shapes were measured on (the example set)
 * @param entries one entry per hook, in model order
 */
public record CacheCatalogueResult(int batch, List<Entry> entries) {

    /**
     * @param name    TransformerLens hook name, e.g. {@code blocks.0.attn.hook_pattern}
     * @param axes    axis names, e.g. {@code [batch, head_index, query_pos, key_pos]}
     * @param shape   the measured shape, one size per axis
     * @param meaning one line on what the activation is
     */
    public record Entry(String name, List<String> axes, int[] shape, String meaning) {
    }
}
