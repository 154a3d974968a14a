package io.github.sortlens.render;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hooks page of the tiny run, byte for byte: it depends on the layout, the navigation, escaping and the cache
 * catalogue, not on trained numbers. After an intended change, regenerate with {@code -Dsortlens.updateGolden=true}.
 */
class GoldenPageTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/hooks.html");

    @Test
    void hooksPageMatchesGolden() throws IOException {
        String actual = Files.readString(SiteFixture.site().resolve("hooks.html"));
        if (Boolean.getBoolean("sortlens.updateGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual);
        }
        assertEquals(Files.readString(GOLDEN), actual, "hooks.html differs from " + GOLDEN);
    }
}
