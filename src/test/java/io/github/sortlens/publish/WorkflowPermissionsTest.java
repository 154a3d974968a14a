package io.github.sortlens.publish;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What actionlint cannot know: which rights each workflow should hold. A token that can write Pages or mint an
 * OIDC id-token is only given to the one job that deploys; everything else reads the repository and nothing more.
 * Read line by line with indentation, since the layout of these files is ours and fixed.
 */
class WorkflowPermissionsTest {

    private static List<String> lines(String name) throws IOException {
        return Files.readAllLines(ActionLint.projectDir().resolve(".github/workflows").resolve(name));
    }

    /** The job (two-space key under {@code jobs:}) that holds each line matching the text, or "top" above jobs. */
    private static List<String> ownersOf(List<String> lines, String text) {
        List<String> owners = new ArrayList<>();
        String job = "top";
        boolean inJobs = false;
        for (String line : lines) {
            if (line.equals("jobs:")) {
                inJobs = true;
            } else if (inJobs && line.matches("  [A-Za-z0-9_-]+:\\s*")) {
                job = line.strip().replace(":", "");
            }
            if (line.strip().equals(text)) {
                owners.add(job);
            }
        }
        return owners;
    }

    @Test
    void onlyTheDeployJobMayWritePagesOrMintTokens() throws IOException {
        List<String> pages = lines("pages.yml");
        assertEquals(List.of("deploy"), ownersOf(pages, "pages: write"));
        assertEquals(List.of("deploy"), ownersOf(pages, "id-token: write"));
        assertEquals(2, pages.stream().filter(l -> l.strip().endsWith(": write")).count(),
                "only pages and id-token may be written, and only by the deploy job");
        assertEquals(List.of("top", "site", "build"), ownersOf(pages, "contents: read"));
        assertEquals(List.of("site"), ownersOf(pages, "pages: read"));
        assertTrue(pages.contains("  group: pages"), "pages.yml needs one concurrency group for deployments");
        assertTrue(pages.contains("  cancel-in-progress: false"), "a running deployment must not be cancelled");
        assertTrue(pages.contains("        run: bash .github/scripts/assemble-pages.sh latest releases target/pages"),
                "pages.yml assembles with the script PagesAssemblyTest runs");
    }

    /** The site is built with read rights only: configure-pages may read the Pages URL, nothing is written. */
    @Test
    void theSiteIsBuiltReadingOnly() throws IOException {
        List<String> site = lines("site.yml");
        assertEquals(List.of(), site.stream().filter(l -> l.strip().endsWith(": write")).toList());
        assertEquals(List.of("top", "sweep", "build"), ownersOf(site, "contents: read"));
        assertEquals(List.of("build"), ownersOf(site, "pages: read"));
    }

    /**
     * A release writes one thing, the tag's release and its asset, and only from the job that attaches it: the job
     * that runs the build and the tests (third-party code: Maven plugins, npm packages) holds no write right.
     */
    @Test
    void onlyThePublishJobOfAReleaseWritesAndOnlyContents() throws IOException {
        List<String> release = lines("release.yml");
        assertEquals(List.of("publish"), release.stream().filter(l -> l.strip().endsWith(": write"))
                .map(l -> ownersOf(release, l.strip()).get(0)).toList());
        assertEquals(List.of("publish"), ownersOf(release, "contents: write"));
        assertEquals(List.of("top", "site"), ownersOf(release, "contents: read"));
        assertEquals(List.of("site"), ownersOf(release, "pages: read"));
        assertTrue(release.contains("    tags: ['v*']"), "a release is a v* tag");
    }

    @Test
    void ciReadsOnly() throws IOException {
        List<String> ci = lines("ci.yml");
        assertEquals(List.of("top"), ownersOf(ci, "contents: read"));
        assertEquals(List.of(), ci.stream().filter(l -> l.strip().endsWith(": write")).toList());
        assertTrue(ci.stream().anyMatch(l -> l.strip().equals("run: bash .ci/run")), "ci.yml must run .ci/run");
    }

    @Test
    void sweepReadsOnlyAndPinsEveryActionToACommit() throws IOException {
        List<String> sweep = lines("sweep.yml");
        assertEquals(List.of("top"), ownersOf(sweep, "contents: read"));
        assertEquals(List.of(), sweep.stream().filter(l -> l.strip().endsWith(": write")).toList());
        for (String line : sweep) {
            String s = line.strip();
            if (s.startsWith("- uses:") || s.startsWith("uses:")) {
                assertTrue(s.matches("(- )?uses: [\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+(\\.\\d+)*"),
                        "sweep.yml: action not pinned to a commit with its version beside it: " + s);
            }
        }
        assertTrue(sweep.contains("          merge-multiple: true"), "the merge job downloads every shard's runs");
    }

    @Test
    void everyActionIsPinnedToAVersion() throws IOException {
        for (String name : List.of("ci.yml", "pages.yml", "site.yml", "release.yml")) {
            for (String line : lines(name)) {
                String s = line.strip();
                if (s.startsWith("- uses:") || s.startsWith("uses:")) {
                    String ref = s.substring(s.indexOf("uses:") + 5).strip().replaceFirst(" # v[\\d.]+$", "");
                    if (ref.startsWith("./.github/workflows/")) {
                        continue; // a workflow of this repository, at this commit
                    }
                    assertTrue(ref.matches("[\\w.-]+/[\\w.-]+@v\\d+(\\.\\d+)*|[\\w.-]+/[\\w.-]+@[0-9a-f]{40}"),
                            name + ": action not pinned to a version: " + ref);
                }
            }
        }
    }
}
