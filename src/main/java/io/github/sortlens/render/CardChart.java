package io.github.sortlens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * The small line chart on a preview card: a shape to recognise at thumbnail size (a loss curve falling, a sorted
 * output rising), with only its largest and smallest values written out. Long series are averaged into one point per
 * couple of pixels; a positive series spanning two decades or more (a loss curve) is drawn on a log scale, where
 * its late progress is visible.
 */
final class CardChart {

    private static final Color LINE = new Color(0x2563EB);
    private static final Color FILL = new Color(0x2563EB & 0xFFFFFF | 0x22000000, true);
    private static final Color GRID = new Color(0xD1D5DB);
    private static final Color TEXT = new Color(0x6B7280);
    private static final int DOTS_UP_TO = 40;

    private CardChart() {
    }

    /**
     * Draws the series inside the box, with its largest and smallest value written at the left as a minimal axis.
     * Returns whether a log scale was used, so that the caption can say so. Nothing is drawn if no value is finite.
     */
    static boolean draw(Graphics2D g, double[] series, int x, int y, int w, int h, Font labelFont) {
        double[] values = Arrays.stream(series).filter(Double::isFinite).toArray();
        if (values.length == 0) {
            return false;
        }
        boolean log = isLogScale(values);
        double lo = Arrays.stream(values).min().orElseThrow();
        double hi = Arrays.stream(values).max().orElseThrow();
        g.setFont(labelFont);
        String top = number(hi);
        String bottom = number(lo);
        int gutter = Math.max(g.getFontMetrics().stringWidth(top), g.getFontMetrics().stringWidth(bottom)) + 16;
        int plotX = x + gutter;
        int plotW = w - gutter;
        int half = labelFont.getSize() / 2;
        int plotTop = y + half;
        int plotBottom = y + h - half;

        g.setColor(GRID);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(plotX, plotBottom, plotX + plotW, plotBottom);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 6f}, 0f));
        g.drawLine(plotX, plotTop, plotX + plotW, plotTop);
        g.setColor(TEXT);
        int ascentHalf = g.getFontMetrics().getAscent() / 2 - 1;
        g.drawString(top, plotX - 12 - g.getFontMetrics().stringWidth(top), plotTop + ascentHalf);
        if (hi > lo) {
            g.drawString(bottom, plotX - 12 - g.getFontMetrics().stringWidth(bottom), plotBottom + ascentHalf);
        }

        double[] points = values.length > plotW / 2 ? bucketMeans(values, plotW / 2) : values;
        double[] scaled = log ? Arrays.stream(points).map(Math::log10).toArray() : points;
        double min = log ? Math.log10(lo) : lo;
        double max = log ? Math.log10(hi) : hi;
        plotLine(g, scaled, min, max, plotX, plotW, plotTop, plotBottom);
        return log;
    }

    private static void plotLine(Graphics2D g, double[] scaled, double min, double max, int plotX, int plotW,
                                 int plotTop, int plotBottom) {
        // A constant series is drawn as a flat line half-way up rather than on the axis.
        double span = max > min ? max - min : 1;
        double lift = max > min ? 0 : 0.5;
        Path2D.Double line = new Path2D.Double();
        double[] px = new double[scaled.length];
        double[] py = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            px[i] = scaled.length == 1 ? plotX + plotW / 2.0 : plotX + (double) i * plotW / (scaled.length - 1);
            py[i] = plotBottom - ((scaled[i] - min) / span + lift) * (plotBottom - plotTop);
            if (i == 0) {
                line.moveTo(px[i], py[i]);
            } else {
                line.lineTo(px[i], py[i]);
            }
        }
        Path2D.Double area = new Path2D.Double(line);
        area.lineTo(px[px.length - 1], plotBottom);
        area.lineTo(px[0], plotBottom);
        area.closePath();
        g.setColor(FILL);
        g.fill(area);
        g.setColor(LINE);
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
        if (scaled.length <= DOTS_UP_TO) {
            for (int i = 0; i < px.length; i++) {
                g.fill(new Ellipse2D.Double(px[i] - 6, py[i] - 6, 12, 12));
            }
        }
    }

    /** Light palettes of the site's heatmaps, low to high, so the card reads as the page's chart does. */
    private static final int[] DIVERGING = {0xB2182B, 0xEF8A62, 0xFDDBC7, 0xF7F7F7, 0xD1E5F0, 0x67A9CF, 0x2166AC};
    private static final int[] NEGATIVE = {0x67000D, 0xA50F15, 0xEF3B2C, 0xFC9272, 0xFCBBA1, 0xFFF5F0};
    private static final int[] SEQUENTIAL = {0xF7FBFF, 0xC6DBEF, 0x6BAED6, 0x2171B5, 0x08306B};

    /**
     * A heatmap thumbnail in the box, square cells centred: the colour range is symmetric about 0 for
     * {@code diverging}, from the minimum to 0 for {@code negative}, else from 0 to the maximum.
     */
    static void drawMatrix(Graphics2D g, double[][] m, String scale, int x, int y, int w, int h) {
        int rows = m.length;
        int cols = m[0].length;
        double cell = Math.min((double) w / cols, (double) h / rows);
        double left = x + (w - cell * cols) / 2;
        double top = y + (h - cell * rows) / 2;
        double max = 1e-12;
        for (double[] row : m) {
            for (double v : row) {
                max = Double.isFinite(v) ? Math.max(max, Math.abs(v)) : max;
            }
        }
        int[] palette = scale.equals("diverging") ? DIVERGING : scale.equals("negative") ? NEGATIVE : SEQUENTIAL;
        double lo = scale.equals("sequential") || scale.isEmpty() ? 0 : -max;
        double hi = scale.equals("negative") ? 0 : max;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = m[r][c];
                g.setColor(Double.isFinite(v) ? colour(palette, (v - lo) / (hi - lo)) : Color.LIGHT_GRAY);
                int x0 = (int) Math.round(left + c * cell);
                int y0 = (int) Math.round(top + r * cell);
                int x1 = (int) Math.round(left + (c + 1) * cell);
                int y1 = (int) Math.round(top + (r + 1) * cell);
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
    }

    /** The palette's colour at {@code t} in [0, 1] (clamped), linear between its stops. */
    static Color colour(int[] palette, double t) {
        double p = Math.max(0, Math.min(1, t)) * (palette.length - 1);
        int i = Math.min((int) Math.floor(p), palette.length - 2);
        double f = p - i;
        int a = palette[i];
        int b = palette[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    }

    /** Three significant digits, plain notation, no trailing zeros: 2.31, 0.00412, 19. */
    static String number(double v) {
        if (Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-4)) {
            return String.format(java.util.Locale.ROOT, "%.2e", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static boolean isLogScale(double[] points) {
        double min = Arrays.stream(points).min().orElseThrow();
        double max = Arrays.stream(points).max().orElseThrow();
        return min > 0 && max / min >= 100;
    }

    /** Means over {@code buckets} consecutive, near-equal slices: a noisy loss curve keeps its shape, not its noise. */
    static double[] bucketMeans(double[] values, int buckets) {
        double[] out = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * values.length / buckets);
            int to = (int) ((long) (b + 1) * values.length / buckets);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[i];
            }
            out[b] = sum / (to - from);
        }
        return out;
    }
}
