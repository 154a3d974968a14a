package io.github.sortlens.analysis;

import io.github.sortlens.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisFilesTest {

    /** A write that fails (a full disk, a path through a file) says what the system said, not only where. */
    @Test
    void aFailedWriteNamesItsCause(@TempDir Path tmp) throws IOException {
        AnalysisResults results = AnalysisFiles.read(TinyRun.get());
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AnalysisFiles.write(file.resolve("run"), results));
        assertTrue(e.getMessage().startsWith("cannot write the analysis results to " + file.resolve("run")),
                e.getMessage());
        assertTrue(e.getMessage().contains("Not a directory") || e.getMessage().contains("already exists"),
                e.getMessage());
    }
}
