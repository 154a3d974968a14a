package io.github.sortlens.report;

import java.util.List;
import java.util.StringJoiner;

/**
 * JSON fragments for chart data embedded in pages. Every string escapes {@code <}, {@code >} and {@code &} as
 * {@code \\u} escapes, so a label can never close the {@code <script type="application/json">} that holds it; numbers
 * keep {@link Num#SIGNIFICANT} significant digits. Deterministic: the same values give the same text.
 */
public final class JsonText {

    private JsonText() {
    }

    /** A quoted JSON string, safe inside a script element. */
    public static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    public static String strings(List<String> values) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        values.forEach(v -> j.add(str(v)));
        return j.toString();
    }

    public static String numbers(double[] values) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (double v : values) {
            j.add(Num.json(v));
        }
        return j.toString();
    }

    public static String ints(int[] values) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int v : values) {
            j.add(Integer.toString(v));
        }
        return j.toString();
    }

    /** Rows of a matrix, {@code [[row 0], [row 1], ...]}. */
    public static String matrix(double[][] rows) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (double[] row : rows) {
            j.add(numbers(row));
        }
        return j.toString();
    }

    /** {@code [[x, y], ...]} points of a line whose x values are numbers. */
    public static String points(int[] x, double[] y) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int i = 0; i < x.length; i++) {
            j.add("[" + x[i] + "," + Num.json(y[i]) + "]");
        }
        return j.toString();
    }

    /** Largest absolute finite value, at least {@code floor} (a colour scale needs a non-zero range). */
    public static double absMax(double[][] m, double floor) {
        double max = floor;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }
}
