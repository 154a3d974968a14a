package io.github.sortlens.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What a command says on stderr during each test ({@code @RegisterExtension final CapturedStderr err = ...}): the
 * stream is swapped before each test and put back after it.
 */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream old;

    @Override
    public void beforeEach(ExtensionContext context) {
        old = System.err;
        bytes.reset();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(old);
    }

    /** Forgets what was said so far. */
    public void reset() {
        bytes.reset();
    }

    public String toString(Charset charset) {
        return bytes.toString(charset);
    }

    @Override
    public String toString() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
