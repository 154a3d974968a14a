package io.github.sortlens.render;

import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SiteModel;

import java.nio.file.Path;

/**
 * THE hook for link-preview images ({@code og:image}). Before the pages are written, the site renderer asks it to
 * write {@code cards/<page-id>.png} for each page (the card renderer is another engineer's
 * {@code io.github.sortlens.render.PreviewCard}); a page gets its {@code og:image} tag only when its card file then
 * exists, so there is never a broken link.
 */
@FunctionalInterface
public interface CardRenderer {

    /** Writes no cards: pages get no {@code og:image}. */
    CardRenderer NONE = (run, site, page, png) -> { };

    /**
     * @param run  the run being rendered (headline numbers, curves)
     * @param site the site's shared model
     * @param page the page to draw a card for
     * @param png  where to write the PNG (its folder exists)
     */
    void write(RunData run, SiteModel site, PageModel page, Path png);
}
