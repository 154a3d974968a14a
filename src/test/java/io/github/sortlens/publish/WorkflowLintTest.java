package io.github.sortlens.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GitHub workflows are only run by GitHub, where a mistake shows up after a push. Linting them here, offline,
 * catches unknown action inputs, bad permissions and broken expressions in the ordinary test run.
 */
class WorkflowLintTest {

    private static final Pattern CHECKED = Pattern.compile("Checking (\\d+) workflow file");

    private static Path workflows() {
        return ActionLint.projectDir().resolve(".github/workflows");
    }

    private static String glob(Path dir) {
        return dir.toAbsolutePath().toString().replace('\\', '/') + "/*.yml";
    }

    private static int checkedCount(ActionLint.Result r) {
        Matcher m = CHECKED.matcher(r.output());
        assertTrue(m.find(), "actionlint did not say what it checked:\n" + r.output());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void projectWorkflowsHaveNoFindings() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(workflows())) {
            files = s.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        assertTrue(files.size() >= 2, "expected ci.yml and pages.yml in " + workflows() + ", found " + files);

        ActionLint.Result r = ActionLint.lint(glob(workflows()));

        assertEquals(files.size(), checkedCount(r), "every workflow file must be linted:\n" + r.output());
        assertEquals(0, r.exitCode(), "actionlint findings:\n" + r.output());
    }

    @Test
    void brokenWorkflowIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yml"), """
                name: broken
                on: push
                permissions:
                  pages: writ
                jobs:
                  build:
                    runs-on: ubuntu-24.04
                    steps:
                      - uses: actions/setup-java@v4
                        with:
                          java-versio: '17'
                """, StandardCharsets.UTF_8);

        ActionLint.Result r = ActionLint.lint(glob(dir));

        assertEquals(1, checkedCount(r), r.output());
        assertEquals(1, r.exitCode(), "a broken workflow must fail the lint:\n" + r.output());
        assertTrue(r.output().contains("\"writ\" is invalid for permission of scope \"pages\""), r.output());
        assertTrue(r.output().contains("input \"java-versio\" is not defined"), r.output());
    }

    @Test
    void pagesKnowsThePagesPermission(@TempDir Path dir) throws IOException {
        // Older linters reject the pages permission; this one must accept the deploy job as written.
        Files.writeString(dir.resolve("deploy.yml"), """
                name: deploy
                on: workflow_dispatch
                permissions:
                  contents: read
                jobs:
                  deploy:
                    runs-on: ubuntu-24.04
                    permissions:
                      pages: write
                      id-token: write
                    environment:
                      name: github-pages
                      url: ${{ steps.deployment.outputs.page_url }}
                    steps:
                      - id: deployment
                        uses: actions/deploy-pages@v4
                """, StandardCharsets.UTF_8);

        ActionLint.Result r = ActionLint.lint(glob(dir));

        assertEquals(1, checkedCount(r), r.output());
        assertEquals(0, r.exitCode(), r.output());
    }
}
