package io.github.sortlens.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: a single updating bar (step, steps/s, ETA, loss) on a terminal, plain log lines when the
 * output is a file or a pipe (CI, Maven). Both go to the given stream, normally stderr.
 */
public final class TrainingProgress {

    private final PrintStream out;
    private final boolean terminal;
    private final String prefix;
    private long lastDraw;

    public TrainingProgress(PrintStream out, boolean terminal) {
        this(out, terminal, "");
    }

    private TrainingProgress(PrintStream out, boolean terminal, String prefix) {
        this.out = out;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    /** The same output whose logged rows start with {@code prefix} (an ensemble member's {@code "seed 3: "}). */
    TrainingProgress withPrefix(String prefix) {
        return new TrainingProgress(out, terminal, this.prefix + prefix);
    }

    public static TrainingProgress forStderr() {
        return new TrainingProgress(System.err, System.console() != null);
    }

    public static TrainingProgress silent() {
        return new TrainingProgress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /** Called after every step; draws at most 10 times a second. */
    void step(int done, int total, double stepsPerSecond, double lastLoss) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done != total) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) ((long) width * done / total);
        double eta = stepsPerSecond > 0 ? (total - done) / stepsPerSecond : 0;
        out.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.0f steps/s  ETA %s  loss %.4f   ",
                "#".repeat(filled), ".".repeat(width - filled), done, total, stepsPerSecond, clock(eta), lastLoss);
        if (done == total) {
            out.println();
        }
        out.flush();
    }

    /** A logged row: a line of its own in both modes. */
    void row(String line) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(prefix + line);
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
