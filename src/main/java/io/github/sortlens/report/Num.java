package io.github.sortlens.report;

import io.github.sortlens.util.Rounding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Number formats of the site, in one place and locale-free so every machine writes the same bytes. Chart data keeps
 * {@link #SIGNIFICANT} significant digits (logits reach about 1,300, so fixed decimals would either lose small values
 * or waste bytes on large ones); text shows grouped thousands.
 */
public final class Num {

    /** Significant digits kept in chart data embedded in pages (downloads keep full precision). */
    public static final int SIGNIFICANT = 4;

    private static final MathContext CONTEXT = new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN);

    /** The rounding of numbers in page JSON ({@link PageJson}'s numbers, {@link #json}). */
    static final Rounding JSON = new Rounding(SIGNIFICANT, RoundingMode.HALF_EVEN, Rounding.Style.PLAIN);

    private Num() {
    }

    /** A JSON number with {@link #SIGNIFICANT} significant digits, or {@code null} for NaN and infinities. */
    public static String json(double v) {
        return JSON.plain(v);
    }

    /** Full-precision JSON/CSV number (shortest round-trip text of the double). */
    public static String exact(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /**
     * How a percentage is spelled in text the Java side writes: the site has two spellings, kept apart so neither page
     * nor card changes. Chart ticks and tooltips are the third, drawn in the browser: {@code pct} in
     * {@code site/sortlens.js} (up to two decimals, trailing zeros dropped, so an axis reads {@code 20 %}, not
     * {@code 20.00 %}); it formats numbers the page computes or receives, so it cannot be done here.
     */
    public enum PercentStyle {
        /** Pages: grouped, ties to even, a narrow no-break space before the sign: {@code 99.52 %}. */
        PAGE,
        /** Link-preview cards: as {@link String#format} writes {@code %.2f %%} (ties away from zero), a plain space. */
        CARD
    }

    /** A percentage with {@code decimals} decimals as pages print it, e.g. {@code 99.52 %}. */
    public static String percent(double fraction, int decimals) {
        return percent(fraction, decimals, PercentStyle.PAGE);
    }

    /** A percentage with {@code decimals} decimals in the given style. */
    public static String percent(double fraction, int decimals, PercentStyle style) {
        return switch (style) {
            case PAGE -> fixed(100 * fraction, decimals) + "\u202f%";
            case CARD -> String.format(Locale.ROOT, "%." + decimals + "f %%", 100 * fraction);
        };
    }

    /** Fixed decimals with grouped thousands, e.g. {@code 1,234.5}. */
    public static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        String s = f.format(v);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** An integer with grouped thousands. */
    public static String count(long v) {
        return fixed(v, 0);
    }

    /** Four significant digits for text, grouped, e.g. {@code 1,234} or {@code 0.004321}; {@code 1.746e-41} below 1e-4. */
    public static String sig(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v == 0 ? "0" : Double.toString(v);
        }
        if (Math.abs(v) < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        BigDecimal d = new BigDecimal(v).round(CONTEXT).stripTrailingZeros();
        int decimals = Math.max(0, d.scale());
        return fixed(d.doubleValue(), decimals);
    }
}
