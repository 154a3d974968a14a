package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The citation every page carries, and the changelog the About page lists. */
class EditionTest {

    @Test
    void aReleasedVersionIsCitedAtItsOwnAddressWithItsRun() {
        String bib = Edition.bibtex("Sorting {50%} & more", "{The sortlens authors}", "1.2.0", "0123456789ab",
                "fedcba9876543210", "2026-12-07", "https://example.org/lens/v/1.2.0/");
        assertEquals("""
                @misc{sortlens-1.2.0,
                  author       = {{The sortlens authors}},
                  title        = {{Sorting \\{50\\%\\} \\& more}},
                  year         = {2026},
                  howpublished = {\\url{https://example.org/lens/v/1.2.0/}},
                  note         = {sortlens report, version 1.2.0, commit 0123456789ab, config fedcba9876543210, run of 2026-12-07}
                }""", bib);
        assertEquals("The sortlens authors (2026). Sorting [sortlens report, version 1.2.0, commit 0123456789ab,"
                + " config fedcba9876543210, run of 2026-12-07]. https://example.org/lens/v/1.2.0/",
                Edition.text("Sorting", List.of("The sortlens authors"), "1.2.0", "0123456789ab", "fedcba9876543210",
                        "2026-12-07", "https://example.org/lens/v/1.2.0/"));
    }

    @Test
    void anUnreleasedRunWithoutAnAddressOrDateSaysSo() {
        String text = Edition.text("T", List.of("A"), "", "", "abcd", "", "");
        assertEquals("A (n.d.). T [sortlens report, unreleased version, config abcd].", text);
        String bib = Edition.bibtex("T", "A", "", "", "abcd", "", "");
        assertTrue(bib.startsWith("@misc{sortlens-abcd,"), bib);
        assertTrue(!bib.contains("year") && !bib.contains("howpublished"), bib);
    }

    @Test
    void theChangelogIsReadAsReleasesWithTheirItems() {
        List<Changelog.Release> r = Changelog.parse("""
                # Changelog

                Intro text, not a release.

                ## Unreleased

                - one change
                  over two lines
                - another

                ## [1.0.0] - 2026-12-01
                - first release
                """);
        assertEquals(List.of(new Changelog.Release("Unreleased", "", List.of("one change over two lines", "another")),
                new Changelog.Release("1.0.0", "2026-12-01", List.of("first release"))), r);
        assertEquals("Not yet released", r.get(0).heading());
        assertEquals("Version 1.0.0 (2026-12-01)", r.get(1).heading());
        assertTrue(!Changelog.bundled().isEmpty(), "the jar bundles the repository's CHANGELOG.md");
        assertEquals(List.of(new Changelog.Span("set ", false), new Changelog.Span("report.version", true),
                new Changelog.Span(" once; a lone ` stays", false)), Changelog.spans("set `report.version` once; a lone ` stays"));
    }
}
