package io.github.sortlens.render;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every page type passes the Nu HTML checker ({@code vnu.jar} from the npm {@code vnu-jar}) with zero errors. */
class HtmlValidityTest {

    static final Path VNU = Path.of("src/test/js/node_modules/vnu-jar/build/dist/vnu.jar");

    @Test
    void everyPageTypeIsValidHtml() throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(VNU), "missing " + VNU + ": run mvn generate-test-resources (npm ci)");
        Path site = SiteFixture.site();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", VNU.toString(), "--errors-only"));
        PageTypes.ALL.forEach(p -> cmd.add(site.resolve(p).toString()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "vnu timed out");
        assertEquals(0, proc.exitValue(), "Nu HTML checker errors:\n" + out);
    }
}
