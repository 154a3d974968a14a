package io.github.sortlens.cli;

import io.github.sortlens.config.ConfigException;
import io.github.sortlens.render.SiteException;
import io.github.sortlens.report.ReportException;
import io.github.sortlens.train.Backend;
import io.github.sortlens.train.CheckpointException;
import io.github.sortlens.train.RunLock;

import java.io.UncheckedIOException;

/** Entry point: parses the command line, runs the pipeline, and turns every failure into one line and an exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (0 done, 1 failed, 2 bad command line or config). */
    public static int run(String[] args) {
        try {
            Arguments a = Arguments.parse(args);
            if (a.command().equals("help")) {
                System.out.print(Help.text());
                return 0;
            }
            if (a.command().equals("sweep")) {
                new SweepCommand(a).run(); // the spec is checked whole before anything trains
            } else {
                new Pipeline(a).run();
            }
            return 0;
        } catch (ConfigException | SiteException.Refused e) {
            System.err.println("sortlens: " + e.getMessage());
            return 2;
        } catch (CheckpointException | Backend.BackendException | ReportException | SiteException
                 | RunLock.HeldException | IllegalArgumentException | UncheckedIOException e) {
            System.err.println("sortlens: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("sortlens: failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }
}
