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
