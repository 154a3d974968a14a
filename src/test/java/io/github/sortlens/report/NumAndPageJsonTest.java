package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

import static io.github.sortlens.report.PageJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Number formats for large logits and tiny probabilities; page JSON that cannot close its script element. */
class NumAndPageJsonTest {

    /** Edge cases of the 4-significant-digit dialect: signs, zeros, rounding ties, tiny, huge and non-finite. */
    private static final double[] EDGES = {0.0, -0.0, 1, -1, 0.45, 0.7, 0.1 + 0.2, 1234.567, -1300.2, 12345.6, 99995,
        9999.5, 0.00012345, 1e-7, -1.23456e-5, 2.5e-300, 1e21, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI, -Math.E, 29.675, 0.125, 0.0625};

    @Test
    void formatsLargeAndTinyNumbersReadably() {
        assertEquals("1,235", Num.sig(1234.567));
        assertEquals("-1,300", Num.sig(-1300.2));
        assertEquals("0.004321", Num.sig(0.0043214));
        assertEquals("1.746e-41", Num.sig(1.7456e-41));
        assertEquals("1235", Num.json(1234.567));
        assertEquals("0", Num.json(-0.0));
        assertEquals("null", Num.json(Double.NaN));
        assertEquals("99.52\u202f%", Num.percent(0.99524, 2));
    }

    /** The two spellings differ in the space and in ties (0.125 %: to even on pages, away from zero on cards). */
    @Test
    void percentStylesDifferOnlyInTheSpaceAndTies() {
        assertEquals("99.52\u202f%", Num.percent(0.99524, 2, Num.PercentStyle.PAGE));
        assertEquals("99.52 %", Num.percent(0.99524, 2, Num.PercentStyle.CARD));
        assertEquals("0.12\u202f%", Num.percent(0.00125, 2, Num.PercentStyle.PAGE));
        assertEquals("0.13 %", Num.percent(0.00125, 2, Num.PercentStyle.CARD));
    }

    @Test
    void jsonStringsCannotCloseAScript() {
        String json = PageJson.write(List.of("</script><script>alert(1)</script>", "a\"b"));
        assertFalse(json.contains("<"));
        assertEquals("[\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\",\"a\\\"b\"]", json);
    }

    /** Control characters as lower-case \\u escapes but for \n, \r and \t; the JavaScript line separators too. */
    @Test
    void controlCharactersAndLineSeparatorsAreEscaped() {
        assertEquals("\"a\\u2028b\\u2029\\u0001\\u0008\\u000c\\n\\t\\r\\\\\\u0026\u00e9\u2192\"",
                PageJson.write("a\u2028b\u2029\u0001\b\f\n\t\r\\&\u00e9\u2192"));
        assertEquals("\"\\u001f \u007f\"", PageJson.write("\u001f \u007f"));
    }

    /** Every double is written as {@link Num#json} writes it: alone, boxed, in arrays and in matrices. */
    @Test
    void numbersAreWrittenAsNumJsonWritesThem() {
        StringJoiner expected = new StringJoiner(",", "[", "]");
        for (double v : EDGES) {
            assertEquals(Num.json(v), PageJson.write(v), "double " + v);
            expected.add(Num.json(v));
        }
        assertEquals(expected.toString(), PageJson.write(EDGES));
        assertEquals(expected.toString(), PageJson.write(Arrays.stream(EDGES).boxed().toList()));
        assertEquals("[" + expected + ",[]]", PageJson.write(new double[][] {EDGES, {}}));
        assertEquals("{\"x\":[1,2],\"y\":1235,\"z\":null,\"n\":12345}",
                PageJson.write(object("x", new int[] {1, 2}, "y", 1234.567, "z", null, "n", 12345L)));
    }

    @Test
    void linesObjectsBreakAfterTheirFirstEntriesOnly() {
        Object value = new PageJson.Lines(2, object("a", 1, "b", List.of(1, 2), "c", object("d", 1, "e", 2),
                "f", new PageJson.Lines(1, object("g", true, "h", "i"))));
        assertEquals("{\"a\":1,\"b\":[1,2],\n\"c\":{\"d\":1,\"e\":2},\n\"f\":{\"g\":true,\n\"h\":\"i\"}}",
                PageJson.write(value));
    }
}
