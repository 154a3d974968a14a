package io.github.sortlens.report;

import io.github.sortlens.model.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every page of a run's site, in a fixed order: one builder per page type. */
public final class Pages {

    private Pages() {
    }

    /**
     * The page with the claims its charts are evidence for (every claim linking to it from the Findings page), so the
     * layout can link back to them. The Findings page itself gets none.
     */
    static PageModel withSupportedClaims(PageModel page, List<FindingsPage.ClaimView> claims) {
        List<FindingsPage.ClaimView> supported = claims.stream().filter(c -> c.links().stream()
                .anyMatch(l -> l.href().split("#", 2)[0].equals(page.path()))).toList();
        if (supported.isEmpty() || page.id().equals(FindingsPage.ID)) {
            return page;
        }
        return page.withSupports(supported);
    }

    public static List<PageModel> all(RunData run, SiteModel site) {
        List<PageModel> pages = new ArrayList<>();
        pages.add(HomePage.build(run, site));
        if (FindingsPage.available(run)) {
            pages.add(FindingsPage.build(run));
        }
        pages.add(TrainingPage.build(run));
        if (run.analysis().dynamics() != null) {
            pages.add(DynamicsPage.build(run, run.analysis().dynamics()));
        }
        pages.add(CircuitsPage.build(run));
        pages.add(AttributionPage.build(run));
        pages.add(AblationPage.build(run));
        pages.add(HooksPage.build(run));
        Optional<Weights> weights = TryPage.weights(run);
        pages.addAll(ExamplePages.build(run, weights));
        weights.ifPresent(w -> pages.add(TryPage.build(run, w)));
        List<FindingsPage.ClaimView> claims = FindingsPage.available(run) ? FindingsPage.summary(run) : List.of();
        pages.replaceAll(p -> withSupportedClaims(p, claims));
        pages.add(AboutPage.build(run));
        return pages;
    }
}
