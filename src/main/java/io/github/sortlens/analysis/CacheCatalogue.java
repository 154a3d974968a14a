package io.github.sortlens.analysis;

import io.github.sortlens.config.ModelConfig;
import io.github.sortlens.model.ActivationCache;
import io.github.sortlens.model.Hook;
import io.github.sortlens.model.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The activation cache's keys, shapes and meanings, checked against the declared TransformerLens shapes. */
public final class CacheCatalogue {

    private CacheCatalogue() {
    }

    /** @param cache a run with every hook cached */
    public static CacheCatalogueResult compute(ModelConfig c, ActivationCache cache) {
        int batch = cache.logits().dim(0);
        List<CacheCatalogueResult.Entry> entries = new ArrayList<>();
        for (Hook h : Hook.values()) {
            Tensor t = cache.get(h);
            if (!Arrays.equals(t.shape(), h.shape(c, batch))) {
                throw new IllegalStateException(h.tlName() + " has shape " + Arrays.toString(t.shape())
                        + ", declared " + Arrays.toString(h.shape(c, batch)));
            }
            entries.add(new CacheCatalogueResult.Entry(h.tlName(), List.of(h.axes()), t.shape(), h.meaning()));
        }
        return new CacheCatalogueResult(batch, entries);
    }
}
