package io.github.sortlens.render;

import io.github.sortlens.testing.TinyRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny run rendered once per JVM, with its preview cards, into {@code target/test-site}, shared by the checks that
 * read a whole site.
 */
final class SiteFixture {

    private static Path site;

    private SiteFixture() {
    }

    static synchronized Path site() {
        if (site == null) {
            Path out = Path.of("target", "test-site").toAbsolutePath();
            try {
                Files.createDirectories(out.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // this fixture's own output: a site an earlier build left there (from a sortlens whose marker did not
            // record every file, which a render refuses once) is removed rather than refused
            io.github.sortlens.util.AtomicFiles.deleteTree(out);
            new SiteRenderer(new PreviewCards()).render(TinyRun.get(), out);
            site = out;
        }
        return site;
    }
}
