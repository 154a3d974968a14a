package io.github.sortlens.report.claims;

import io.github.sortlens.report.Claim;
import io.github.sortlens.report.Num;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Formatting shared by the claims. */
final class ClaimText {

    private ClaimText() {
    }

    /** Percent with one decimal. */
    static String pct(double fraction) {
        return Num.percent(fraction, 1);
    }

    /** Percent with two decimals, for error rates well below 1 %. */
    static String pct2(double fraction) {
        return Num.percent(fraction, 2);
    }

    /** Percentage points with one decimal, e.g. "3.2 points". */
    static String points(double fractionDifference) {
        return Num.fixed(100 * fractionDifference, 1) + " points";
    }

    /**
     * "untrained model: X; QK (or OV) rows permuted: Y" for a statistic of the main head, or {@code otherwise} when the
     * baselines were not measured.
     */
    static String baseline(Evidence e, java.util.function.Function<io.github.sortlens.analysis.BaselineResult.Statistics,
            Double> statistic, java.util.function.DoubleFunction<String> format, String permuted, String otherwise) {
        return e.headBaselines().map(b -> "untrained model: " + format.apply(statistic.apply(b.untrained()))
                + (permuted.isEmpty() ? "" : "; " + permuted + ": " + format.apply(statistic.apply(b.permuted()))))
                .orElse(otherwise);
    }

    static Claim.Link link(String label, String href) {
        return new Claim.Link(label, href);
    }

    /** Name/value pairs in order. */
    static Map<String, Double> numbers(Object... pairs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return out;
    }

    /** "a, b and c". */
    static String and(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** "supported if ... (NAME), mixed if ... (NAME)" for a statistic that must be at least the thresholds. */
    static String atLeast(String what, double supported, String supportedName, double mixed, String mixedName) {
        return "supported if " + what + " is at least " + pct(supported) + " (" + supportedName + "), mixed if at "
                + "least " + pct(mixed) + " (" + mixedName + ")";
    }
}
