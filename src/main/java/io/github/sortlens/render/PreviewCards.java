package io.github.sortlens.render;

import io.github.sortlens.report.Fact;
import io.github.sortlens.report.PageModel;
import io.github.sortlens.report.Preview;
import io.github.sortlens.report.RunData;
import io.github.sortlens.report.SiteModel;
import io.github.sortlens.report.SitePreview;

import java.nio.file.Path;
import java.util.List;

/**
 * The site's link-preview cards: each page's title over the run's title, then what the page says about itself (its
 * {@link Preview}: an example's prediction with the wrong tokens, its numbers and its attention pattern; a chart
 * page's main chart), or for pages without one the run's {@link SitePreview}. The report chooses and formats the
 * numbers; this only draws them.
 */
public final class PreviewCards implements CardRenderer {

    /**
     * The cards a site rendered under this base URL needs: these, when it has one; none without, since only a page
     * with an absolute address can point at its card (og:image), so a local build draws none and says nothing.
     */
    public static CardRenderer forSite(String baseUrl) {
        return baseUrl.isEmpty() ? CardRenderer.NONE : new PreviewCards();
    }

    @Override
    public void write(RunData run, SiteModel site, PageModel page, Path png) {
        Preview p = page.preview();
        if (p != null) {
            List<PreviewCard.Token> tokens = p.tokens().stream()
                    .map(t -> new PreviewCard.Token(t.text(), t.wrong())).toList();
            PreviewCard.write(new PreviewCard.Card(page.title(), site.title(), headlines(p.headlines()), null,
                    p.chartLabel(), p.matrix(), p.scale() == null ? "" : p.scale().id(), tokens), png);
            return;
        }
        SitePreview headline = SitePreview.of(run);
        PreviewCard.write(new PreviewCard.Card(page.title(), site.title(), headlines(headline.headlines()),
                headline.loss(), headline.chartLabel()), png);
    }

    private static List<PreviewCard.Headline> headlines(List<Fact> facts) {
        return facts.stream().map(f -> new PreviewCard.Headline(f.label(), f.value())).toList();
    }
}
