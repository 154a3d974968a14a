package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One page of each type of the tiny run, byte for byte, so that a refactoring that should not change the site proves
 * it does not. After an intended change, regenerate with {@code -Dsortlens.updateGolden=true}.
 *
 * <p>The hooks page depends only on the layout, the navigation, escaping and the cache catalogue, so it is checked
 * everywhere. The other pages print trained numbers, which are bitwise reproducible on one machine but not across CPUs
 * (BLAS kernels differ): they are checked where the tiny run's weights are the ones the golden files were made from
 * ({@code weights.sha256}), and skipped, saying so, elsewhere.
 */
class GoldenPageTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final Path WEIGHTS_HASH = GOLDEN.resolve("weights.sha256");
    private static final boolean UPDATE = Boolean.getBoolean("sortlens.updateGolden");

    static List<String> trainedPages() {
        return PageTypes.ALL.stream().filter(p -> !p.equals("hooks.html")).toList();
    }

    @Test
    void hooksPageMatchesGolden() throws IOException {
        check("hooks.html");
    }

    @ParameterizedTest
    @MethodSource("trainedPages")
    void pageMatchesGolden(String page) throws IOException {
        String weights = sha256(TinyRun.get().resolve("weights.npz"));
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(WEIGHTS_HASH, weights + "\n");
        }
        Assumptions.assumeTrue(weights.equals(Files.readString(WEIGHTS_HASH).strip()),
                "the tiny run trained to other weights on this machine (" + weights + "), so its numbers differ");
        check(page);
    }

    private static void check(String page) throws IOException {
        String actual = Files.readString(SiteFixture.site().resolve(page));
        Path golden = GOLDEN.resolve(page.replace('/', '-'));
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, page + " differs from " + golden);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
