package io.github.sortlens.render;

/** Renders the tiny run for a look: {@code target/test-site}. */
final class RenderSmokeMain {
    public static void main(String[] args) {
        long t = System.nanoTime();
        System.out.println(SiteFixture.site() + " in " + (System.nanoTime() - t) / 1e9 + " s");
    }
}
