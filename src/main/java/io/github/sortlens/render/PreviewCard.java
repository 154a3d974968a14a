package io.github.sortlens.render;

import io.github.sortlens.util.AtomicFiles;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The link-preview image of a report page (its {@code og:image}): what a chat or a discussion shows when the page
 * is shared. 1200 x 630 is the size the large preview layouts crop to. The card carries the page title, up to three
 * headline numbers and a small line chart, drawn large enough to read as a thumbnail.
 *
 * <p>Drawn with Java2D into an off-screen image, so it needs no display ({@code java.awt.headless}); only the
 * logical font {@code SansSerif} is used, which every JVM maps to some installed font. The same card gives the same
 * PNG bytes on the same JVM and fonts: no timestamps or other metadata are written, so the site stays reproducible.
 */
public final class PreviewCard {

    public static final int WIDTH = 1200;
    public static final int HEIGHT = 630;
    /** A card has room for this many headline numbers side by side. */
    public static final int MAX_HEADLINES = 3;

    private static final String BRAND = "sortlens";
    private static final int MARGIN = 64;
    private static final int BAR = 14;
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color ACCENT = new Color(0x2563EB);
    private static final Color INK = new Color(0x111827);
    private static final Color MUTED = new Color(0x4B5563);
    private static final Color FAINT = new Color(0x6B7280);
    private static final Color PANEL = new Color(0xF3F4F6);
    private static final Color WRONG = new Color(0xCF222E);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * What one card shows.
     *
     * @param title       the page title, drawn in up to two lines, cut with an ellipsis beyond
     * @param subtitle    one line under the title (may be empty or null)
     * @param headlines   at most {@link #MAX_HEADLINES} numbers with labels, drawn in that order (may be empty)
     * @param series      the chart's values in order, e.g. the loss per logged step; non-finite values are left out;
     *                    empty or null draws no line chart. Copied: the card does not change when the caller's array
     *                    does.
     * @param seriesLabel the chart's caption, e.g. "training loss"
     * @param matrix      a heatmap thumbnail {@code [row][column]} drawn instead of the line chart, or null
     * @param scale       the heatmap's colours: {@code diverging} (red-white-blue about 0), {@code negative} (dark
     *                    red to white at 0) or else sequential (white at 0 to dark blue)
     * @param tokens      a row of tokens drawn above the headlines, wrong ones in red (may be empty)
     */
    public record Card(String title, String subtitle, List<Headline> headlines, double[] series, String seriesLabel,
                       double[][] matrix, String scale, List<Token> tokens) {
        public Card {
            Objects.requireNonNull(title, "title");
            subtitle = subtitle == null ? "" : subtitle;
            headlines = headlines == null ? List.of() : List.copyOf(headlines);
            if (headlines.size() > MAX_HEADLINES) {
                throw new IllegalArgumentException("a preview card shows at most " + MAX_HEADLINES
                        + " headlines, got " + headlines.size());
            }
            series = series == null ? new double[0] : series.clone();
            seriesLabel = seriesLabel == null ? "" : seriesLabel;
            matrix = matrix == null ? null : Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
            scale = scale == null ? "" : scale;
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        /** A card with a line chart (or none) and no token row. */
        public Card(String title, String subtitle, List<Headline> headlines, double[] series, String seriesLabel) {
            this(title, subtitle, headlines, series, seriesLabel, null, "", List.of());
        }

        @Override
        public double[] series() {
            return series.clone();
        }

        @Override
        public double[][] matrix() {
            return matrix == null ? null : Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Card c && title.equals(c.title) && subtitle.equals(c.subtitle)
                    && headlines.equals(c.headlines) && Arrays.equals(series, c.series)
                    && seriesLabel.equals(c.seriesLabel) && Arrays.deepEquals(matrix, c.matrix)
                    && scale.equals(c.scale) && tokens.equals(c.tokens);
        }

        @Override
        public int hashCode() {
            return Objects.hash(title, subtitle, headlines, Arrays.hashCode(series), seriesLabel,
                    Arrays.deepHashCode(matrix), scale, tokens);
        }

        @Override
        public String toString() {
            return "Card[title=" + title + ", subtitle=" + subtitle + ", headlines=" + headlines + ", series="
                    + series.length + " values, seriesLabel=" + seriesLabel + ", matrix="
                    + (matrix == null ? "none" : matrix.length + " rows") + ", tokens=" + tokens.size() + "]";
        }
    }

    /** One token of a card's token row, drawn red and bold when {@code wrong}. */
    public record Token(String text, boolean wrong) {
        public Token {
            Objects.requireNonNull(text, "text");
        }
    }

    /** One headline number: {@code value} is shown as given (already formatted), e.g. "99.8 %" over "accuracy". */
    public record Headline(String label, String value) {
        public Headline {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    private PreviewCard() {
    }

    /** Renders the card and writes it as a PNG, atomically: readers see the old file or the whole new one. */
    public static void write(Card card, Path png) {
        BufferedImage image = render(card);
        AtomicFiles.write(png, out -> writePng(image, out));
    }

    /** Draws the card into a new RGB image of {@link #WIDTH} x {@link #HEIGHT}. */
    static BufferedImage render(Card card) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(ACCENT);
            g.fillRect(0, 0, BAR, HEIGHT);
            int y = drawHeader(g, card);
            drawBody(g, card, y + 44);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Brand, title (two lines at most) and subtitle; returns the baseline of the last line drawn. */
    private static int drawHeader(Graphics2D g, Card card) {
        int width = WIDTH - 2 * MARGIN;
        Font brand = new Font(Font.SANS_SERIF, Font.BOLD, 28);
        g.setFont(brand);
        g.setColor(ACCENT);
        int y = MARGIN + g.getFontMetrics().getAscent() - 8;
        g.drawString(BRAND, MARGIN, y);

        String title = CardText.clean(card.title());
        Font titleFont = titleFont(g, title, width);
        g.setFont(titleFont);
        g.setColor(INK);
        int lineHeight = (int) (titleFont.getSize() * 1.15);
        y += 24;
        for (String line : CardText.wrap(g, titleFont, title, width, 2)) {
            y += lineHeight;
            g.drawString(line, MARGIN, y);
        }
        String subtitle = CardText.clean(card.subtitle());
        if (!subtitle.isEmpty()) {
            Font subFont = new Font(Font.SANS_SERIF, Font.PLAIN, 32);
            g.setFont(subFont);
            g.setColor(MUTED);
            y += 52;
            g.drawString(CardText.ellipsize(g, subFont, subtitle, width), MARGIN, y);
        }
        return y;
    }

    /** The largest of a few sizes at which the title fits in two lines; the smallest if none does. */
    private static Font titleFont(Graphics2D g, String title, int width) {
        Font font = null;
        for (int size : new int[] {64, 58, 52}) {
            font = new Font(Font.SANS_SERIF, Font.BOLD, size);
            List<String> lines = CardText.wrap(g, font, title, width, 3);
            if (lines.size() <= 2) {
                return font;
            }
        }
        return font;
    }

    /**
     * Headline numbers on the left (under the token row, if any), the chart (a line or a heatmap) in a panel on the
     * right, both from {@code top} to the margin.
     */
    private static void drawBody(Graphics2D g, Card card, int top) {
        int bottom = HEIGHT - MARGIN + 16;
        double[] series = card.series();
        double[][] matrix = card.matrix();
        boolean chart = series.length > 0 || matrix != null && matrix.length > 0 && matrix[0].length > 0;
        int panelWidth = 500;
        int numbersRight = chart ? WIDTH - MARGIN - panelWidth - 40 : WIDTH - MARGIN;
        drawTokens(g, card.tokens(), MARGIN, numbersRight, top);
        drawHeadlines(g, card.headlines(), MARGIN, numbersRight, bottom);
        if (!chart) {
            return;
        }
        int px = WIDTH - MARGIN - panelWidth;
        int panelTop = Math.max(top - 20, bottom - 310);
        int inset = 28;
        g.setColor(PANEL);
        g.fillRoundRect(px, panelTop, panelWidth, bottom - panelTop, 28, 28);
        int captionY = bottom - inset + 4;
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 22);
        boolean log = false;
        if (series.length > 0) {
            log = CardChart.draw(g, series, px + inset, panelTop + inset, panelWidth - 2 * inset,
                    captionY - panelTop - inset - 46, small);
        } else {
            CardChart.drawMatrix(g, matrix, card.scale(), px + inset, panelTop + inset - 8, panelWidth - 2 * inset,
                    captionY - panelTop - inset - 28);
        }
        // The scale note is kept whole and the label cut instead: a log axis read as linear misleads.
        String label = CardText.clean(card.seriesLabel());
        String note = log ? (label.isEmpty() ? "log scale" : " \u00b7 log scale") : "";
        Font captionFont = fitting(g, Font.BOLD, new int[] {22, 20, 18}, label + note, panelWidth - 2 * inset);
        int room = panelWidth - 2 * inset - g.getFontMetrics(captionFont).stringWidth(note);
        g.setFont(captionFont);
        g.setColor(MUTED);
        g.drawString(CardText.ellipsize(g, captionFont, label, room) + note, px + inset, captionY);
    }

    /** A row of token boxes, as wide as the room allows (a box per token), wrong tokens in red on red outline. */
    private static void drawTokens(Graphics2D g, List<Token> tokens, int left, int right, int top) {
        if (tokens.isEmpty()) {
            return;
        }
        int gap = 4;
        // One row when the boxes stay readable, else two rows of half as many.
        int perRow = tokens.size();
        int box = Math.min(52, (right - left - gap * (perRow - 1)) / perRow);
        if (box < 36 && tokens.size() > 1) {
            perRow = (tokens.size() + 1) / 2;
            box = Math.min(52, (right - left - gap * (perRow - 1)) / perRow);
        }
        int height = Math.max(box, 30) - 4;
        int longest = tokens.stream().mapToInt(t -> CardText.clean(t.text()).length()).max().orElse(1);
        Font font = fitting(g, Font.BOLD, new int[] {26, 23, 20, 18, 16, 14, 12}, "8".repeat(longest), box - 6);
        int x = left;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (i > 0 && i % perRow == 0) {
                x = left;
                top += height + gap;
            }
            g.setColor(t.wrong() ? WRONG : PANEL);
            g.fillRoundRect(x, top, box, height, 8, 8);
            g.setColor(t.wrong() ? Color.WHITE : INK);
            g.setFont(font);
            String text = CardText.ellipsize(g, font, CardText.clean(t.text()), box - 2);
            int w = g.getFontMetrics().stringWidth(text);
            g.drawString(text, x + (box - w) / 2, top + height / 2 + g.getFontMetrics().getAscent() / 2 - 3);
            x += box + gap;
        }
    }

    /**
     * One row per headline, bottom-aligned: the value large, its label after it, values in one column so that the
     * numbers line up and the eye can compare them.
     */
    private static void drawHeadlines(Graphics2D g, List<Headline> headlines, int left, int right, int bottom) {
        Font valueFont = new Font(Font.SANS_SERIF, Font.BOLD, 50);
        int width = right - left;
        int valueColumn = 0;
        for (Headline h : headlines) {
            valueColumn = Math.max(valueColumn, g.getFontMetrics(valueFont).stringWidth(CardText.clean(h.value())));
        }
        valueColumn = Math.min(valueColumn, width * 3 / 5);
        // One label size for all rows: the largest at which the longest label fits beside the values.
        String longest = "";
        for (Headline h : headlines) {
            String label = CardText.clean(h.label());
            longest = label.length() > longest.length() ? label : longest;
        }
        Font labelFont = fitting(g, Font.PLAIN, new int[] {28, 25, 22}, longest, right - left - valueColumn - 24);
        int rowHeight = 72;
        int y = bottom - 6 - rowHeight * (headlines.size() - 1);
        for (Headline h : headlines) {
            g.setFont(valueFont);
            g.setColor(INK);
            g.drawString(CardText.ellipsize(g, valueFont, CardText.clean(h.value()), valueColumn), left, y);
            g.setColor(FAINT);
            int labelX = left + valueColumn + 24;
            g.setFont(labelFont);
            g.drawString(CardText.ellipsize(g, labelFont, CardText.clean(h.label()), right - labelX), labelX, y);
            y += rowHeight;
        }
    }

    /** The first of {@code sizes} (largest first) at which {@code text} fits in {@code room}, else the last. */
    private static Font fitting(Graphics2D g, int style, int[] sizes, String text, int room) {
        Font font = null;
        for (int size : sizes) {
            font = new Font(Font.SANS_SERIF, style, size);
            if (g.getFontMetrics(font).stringWidth(text) <= room) {
                return font;
            }
        }
        return font;
    }

    /** PNG with the writer's defaults and no metadata: no time chunk, so equal images give equal bytes. */
    private static void writePng(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("this JVM has no PNG image writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
