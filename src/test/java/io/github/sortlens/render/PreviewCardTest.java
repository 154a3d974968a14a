package io.github.sortlens.render;

import io.github.sortlens.render.PreviewCard.Card;
import io.github.sortlens.render.PreviewCard.Headline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preview cards render into a temp folder and are checked as a link preview would use them: PNG, size, content. */
class PreviewCardTest {

    private static final int CHART_BLUE = 0x2563EB;

    private static Card lossCard() {
        double[] loss = new double[3000];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = 2.9 * Math.exp(-i / 300.0) + 0.004 * (1 + 0.3 * Math.sin(i));
        }
        return new Card("Training", "50,001 steps, seed 123",
                List.of(new Headline("held-out accuracy", "99.87 %"), new Headline("fully sorted", "97.4 %"),
                        new Headline("final loss", "0.0041")),
                loss, "training loss");
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode as an image");
        return image;
    }

    @Test
    void writesAPngOfLinkPreviewSize(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("cards/training.png");
        PreviewCard.write(lossCard(), png);

        assertTrue(Files.isRegularFile(png));
        BufferedImage image = read(png);
        assertEquals(1200, image.getWidth());
        assertEquals(630, image.getHeight());
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        assertArrayEquals(magic, java.util.Arrays.copyOf(Files.readAllBytes(png), 8));
    }

    @Test
    void isNotBlank(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("card.png");
        PreviewCard.write(lossCard(), png);

        double variance = lumaVariance(read(png));
        assertTrue(variance > 200, "the card looks blank: luma variance " + variance);
    }

    @Test
    void sameCardGivesTheSameBytesAndAnotherCardDoesNot(@TempDir Path dir) throws IOException {
        PreviewCard.write(lossCard(), dir.resolve("a.png"));
        PreviewCard.write(lossCard(), dir.resolve("b.png"));
        Card other = new Card("Training!", "50,001 steps, seed 123", lossCard().headlines(), lossCard().series(),
                "training loss");
        PreviewCard.write(other, dir.resolve("c.png"));

        assertEquals(-1, Files.mismatch(dir.resolve("a.png"), dir.resolve("b.png")), "two renders differ");
        assertNotEquals(-1, Files.mismatch(dir.resolve("a.png"), dir.resolve("c.png")),
                "a different title gave the same bytes: the comparison proves nothing");
    }

    @Test
    void writesNoMetadataChunks(@TempDir Path dir) throws IOException {
        // A tIME or tEXt chunk would carry a timestamp or tool name and break byte-for-byte reproducible sites.
        Path png = dir.resolve("card.png");
        PreviewCard.write(lossCard(), png);

        for (String chunk : chunkTypes(Files.readAllBytes(png))) {
            assertTrue(List.of("IHDR", "IDAT", "IEND").contains(chunk), "unexpected PNG chunk " + chunk);
        }
    }

    @Test
    void drawsTheChartOnlyWhenThereIsASeries(@TempDir Path dir) throws IOException {
        PreviewCard.write(lossCard(), dir.resolve("chart.png"));
        Card noSeries = new Card("Training", "50,001 steps, seed 123", lossCard().headlines(), new double[0], "");
        PreviewCard.write(noSeries, dir.resolve("none.png"));

        // The chart line is the only thing drawn in its blue right of the accent bar.
        assertTrue(bluePixels(read(dir.resolve("chart.png"))) > 1000);
        assertEquals(0, bluePixels(read(dir.resolve("none.png"))));
    }

    @Test
    void oddAndOverlongTextIsDrawnAndCut(@TempDir Path dir) throws IOException {
        String title = "<script>alert('x')</script>\n\t" + "Attention head L0H0 copies the next-smallest token ".repeat(40)
                + "\u0000\u202e\uD83D\uDE00 " + "x".repeat(500);
        Card card = new Card(title, "a\u0007b " + "subtitle ".repeat(100),
                List.of(new Headline("<b>label</b> ".repeat(30), "1234567890".repeat(10))),
                new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY, 3, 2}, "caption ".repeat(100));

        Path png = dir.resolve("odd.png");
        PreviewCard.write(card, png);
        assertEquals(1200, read(png).getWidth());

        BufferedImage scratch = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        var g = scratch.createGraphics();
        var font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 52);
        List<String> lines = CardText.wrap(g, font, CardText.clean(title), 1072, 2);
        g.dispose();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("<script>alert('x')</script>"), lines.get(0));
        assertTrue(lines.get(1).endsWith("\u2026"), lines.get(1));
    }

    @Test
    void aWordLongerThanTheLineIsBrokenNotDropped() {
        BufferedImage scratch = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        var g = scratch.createGraphics();
        var font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 20);
        List<String> lines = CardText.wrap(g, font, "y".repeat(300), 200, 3);
        for (String line : lines) {
            assertTrue(g.getFontMetrics(font).stringWidth(line) <= 200, line);
        }
        g.dispose();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).length() > 5);
    }

    @Test
    void aBareCardAndAnAllNaNSeriesRender(@TempDir Path dir) throws IOException {
        PreviewCard.write(new Card("Overview", null, null, null, null), dir.resolve("bare.png"));
        PreviewCard.write(new Card("Overview", "", List.of(), new double[] {Double.NaN}, "x"), dir.resolve("nan.png"));

        assertEquals(630, read(dir.resolve("bare.png")).getHeight());
        assertEquals(0, bluePixels(read(dir.resolve("nan.png"))));
    }

    @Test
    void rejectsMoreHeadlinesThanFit() {
        List<Headline> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(new Headline("h" + i, "1"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Card("t", "", four, new double[0], ""));
        assertTrue(e.getMessage().contains("at most 3") && e.getMessage().contains("got 4"), e.getMessage());
    }

    @Test
    void theCardKeepsItsOwnCopyOfTheSeries() {
        double[] values = {1, 2, 3};
        Card card = new Card("t", "", List.of(), values, "");
        values[0] = 99;
        card.series()[1] = 99;

        assertArrayEquals(new double[] {1, 2, 3}, card.series());
        assertEquals(card, new Card("t", "", List.of(), new double[] {1, 2, 3}, ""));
    }

    private static double lumaVariance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luma;
                sumSq += luma * luma;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static int bluePixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 40; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == CHART_BLUE && y > 300) {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            b.position(b.position() + length + 4);
        }
        assertFalse(types.isEmpty());
        assertEquals("IEND", types.get(types.size() - 1));
        return types;
    }

    /** An example's card: the wrong token is a red box, the attention thumbnail is drawn in the site's blues. */
    @Test
    void anExampleCardShowsItsWrongTokenAndItsHeatmap() {
        double[][] attention = new double[20][22];
        for (int i = 0; i < 20; i++) {
            attention[i][i + 1] = 1;
        }
        List<PreviewCard.Token> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(new PreviewCard.Token(Integer.toString(i), i == 9));
        }
        Card card = new Card("Example worst-00", "run", List.of(new Headline("outputs wrong", "1 of 20")), null,
                "attention", attention, "sequential", tokens);
        BufferedImage image = PreviewCard.render(card);
        BufferedImage bare = PreviewCard.render(new Card("Example worst-00", "run",
                List.of(new Headline("outputs wrong", "1 of 20")), null, ""));
        long red = 0;
        long darkBlue = 0;
        for (int y = 0; y < PreviewCard.HEIGHT; y++) {
            for (int x = 0; x < PreviewCard.WIDTH; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                red += x < PreviewCard.WIDTH / 2 && rgb == 0xCF222E ? 1 : 0;
                darkBlue += x > PreviewCard.WIDTH / 2 && rgb == 0x08306B ? 1 : 0;
                assertTrue(x < PreviewCard.WIDTH / 2 || (bare.getRGB(x, y) & 0xFFFFFF) != 0x08306B);
            }
        }
        assertTrue(red > 500, "red pixels of the wrong token: " + red);
        assertTrue(darkBlue > 20 * 50, "cells at attention 1 in the thumbnail: " + darkBlue);
    }
}
