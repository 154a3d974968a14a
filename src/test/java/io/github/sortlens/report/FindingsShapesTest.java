package io.github.sortlens.report;

import io.github.sortlens.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Findings page stays true on other shapes: a 2-head run and a short list (n_ctx 12, d_vocab 8), each trained
 * briefly, analysed and rendered end to end. The sentences that were false there before (a one-output comparison
 * read as a trend, the other head forgotten in the mean-ablation comparison, the default model's published figures
 * shown as context for another task) must not come back.
 */
class FindingsShapesTest {

    @TempDir
    Path tmp;

    private String render(String name, String... overrides) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("all", "--run-dir", tmp.resolve(name).toString(),
                "--out", tmp.resolve(name + "-site").toString(), "--train.steps=200", "--train.eval_every=100",
                "--train.eval_size=100", "--train.checkpoint_every=200", "--train.snapshot_every=100",
                "--analysis.held_out_size=200", "--analysis.dynamics_size=50", "--analysis.random_examples=2",
                "--analysis.worst_examples=2"));
        args.addAll(List.of(overrides));
        assertEquals(0, Main.run(args.toArray(String[]::new)), name);
        return Files.readString(tmp.resolve(name + "-site").resolve("findings.html"));
    }

    @Test
    void twoHeadsAndAShortListReadTrue() throws IOException {
        String twoHeads = text(render("two-heads", "--model.n_heads=2"));
        assertTrue(twoHeads.contains("The model has 2 heads"), "the summary says the model has two heads");
        assertTrue(twoHeads.matches("(?s).*L0H[01] leads outputs.*"), "the summary says how the heads split the outputs");
        assertTrue(twoHeads.contains("also leaves the other heads"),
                "mean ablation of one head is not compared with the direct path alone as if it were all that is left");
        assertTrue(summaryWords(twoHeads) <= MechanismSummary.MAX_WORDS);

        String shortList = render("short", "--model.n_ctx=12", "--model.d_vocab=8");
        String s = text(shortList);
        assertFalse(s.matches("(?s).*the (first|last) 1 outputs.*"), "no one-output comparison");
        assertTrue(s.contains("Outputs 0 to 1 fail at"), "the earlier half of 5 outputs is outputs 0 to 1");
        assertTrue(summaryWords(s) <= MechanismSummary.MAX_WORDS);
        String home = text(Files.readString(tmp.resolve("short-site").resolve("index.html")));
        assertFalse(home.contains("PyTorch replica"), "the default model's published figures are not context here");
        assertTrue(home.contains("no published figure for this shape"));
    }

    /** The page's text without tags. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("&quot;", "\"").replaceAll("&#39;", "'")
                .replaceAll("&amp;", "&").replaceAll("\\s+", " ");
    }

    private static int summaryWords(String pageText) {
        Matcher m = Pattern.compile("What the head reads\\..*?How much this explains\\.[^.]*\\.[^.]*\\.[^.]*\\.")
                .matcher(pageText);
        assertTrue(m.find(), "the summary is on the page");
        return m.group().trim().split("\\s+").length;
    }
}
