package io.github.sortlens.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures the site against its budget: render time (best of three, after one warm-up), site size, the largest
 * page and, when {@code /usr/bin/chromium} and the project's {@code src/test/js/check-site.mjs} are present, the
 * heaviest page's time to first chart in headless Chromium from file://.
 *
 * <p>Usage: {@code java -cp ... io.github.sortlens.render.SiteBenchmark <runDir> <outDir>}
 */
public final class SiteBenchmark {

    private static final Pattern FIRST_CHART = Pattern.compile("\"firstChartMs\":([0-9.]+)");

    private SiteBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: SiteBenchmark <runDir> <outDir>");
            System.exit(2);
        }
        Path run = Path.of(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        SiteRenderer renderer = new SiteRenderer();
        renderer.render(run, out);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            renderer.render(run, out);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        List<Path> files = files(out);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        Path heaviest = files.stream().filter(f -> f.toString().endsWith(".html"))
                .max(Comparator.comparingLong(SiteBenchmark::size)).orElseThrow();
        long pages = files.stream().filter(f -> f.toString().endsWith(".html")).count();
        System.out.printf(Locale.ROOT, "render time (best of 3)   %8.2f s%n", best);
        System.out.printf(Locale.ROOT, "site size                 %8.2f MB (%d files, %d pages)%n", total / 1e6,
                files.size(), pages);
        System.out.printf(Locale.ROOT, "largest page              %8.1f KB  %s%n", size(heaviest) / 1024.0,
                out.relativize(heaviest));
        Path script = Path.of("src/test/js/check-site.mjs");
        if (Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isRegularFile(script)) {
            Process p = new ProcessBuilder("node", "check-site.mjs", out.toString(),
                    Path.of("target", "benchmark-screenshots").toAbsolutePath().toString(),
                    out.relativize(heaviest).toString()).directory(script.getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            Matcher m = FIRST_CHART.matcher(json);
            System.out.printf(Locale.ROOT, "time to first chart       %8s ms (heaviest page, Chromium, file://)%n",
                    m.find() ? String.format(Locale.ROOT, "%.0f", Double.parseDouble(m.group(1))) : "n/a");
        } else {
            System.out.println("time to first chart            n/a (no /usr/bin/chromium or src/test/js)");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
