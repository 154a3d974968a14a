package io.github.sortlens.util;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Both roundings against a naive recomputation, their edge cases, and the module writing them. */
class RoundingTest {

    private static final Rounding FILES = new Rounding(7, RoundingMode.HALF_UP, Rounding.Style.DOUBLE);
    private static final Rounding PAGES = new Rounding(4, RoundingMode.HALF_EVEN, Rounding.Style.PLAIN);

    /** Values over many decades and both signs, the same every run. */
    private static double[] samples() {
        Random random = new Random(7);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        }
        return v;
    }

    @Test
    void roundsTheExactBinaryValueAsBigDecimalDoes() {
        for (double x : samples()) {
            assertEquals(new BigDecimal(x).round(new MathContext(7)).doubleValue(), FILES.round(x), "x = " + x);
            assertEquals(new BigDecimal(x).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                    .toPlainString(), PAGES.plain(x), "x = " + x);
        }
    }

    @Test
    void zerosTiesAndNonFiniteValues() {
        assertEquals(0.0, FILES.round(-0.0));
        assertEquals(1.0 / 0.0, 1.0 / FILES.round(-0.0), "-0 is written as 0");
        assertThrows(IllegalArgumentException.class, () -> FILES.round(Double.NaN));
        assertEquals("0", PAGES.plain(-0.0));
        assertEquals("null", PAGES.plain(Double.NEGATIVE_INFINITY));
        Rounding two = new Rounding(2, RoundingMode.HALF_EVEN, Rounding.Style.PLAIN);
        assertEquals("0.12", two.plain(0.125), "an exact tie goes to even");
        assertEquals(0.13, new Rounding(2, RoundingMode.HALF_UP, Rounding.Style.DOUBLE).round(0.125));
        assertEquals("12000000", two.plain(12345678), "plain, never 1.2E+7");
    }

    @Test
    void theModuleWritesEveryDoubleRounded() throws Exception {
        JsonMapper plain = JsonMapper.builder().addModule(PAGES.module()).build();
        assertEquals("[1235,null,0.00001235]",
                plain.writeValueAsString(new double[] {1234.5678, Double.NaN, 1.23456e-5}));
        assertEquals("[[0.3333],0.6667]", plain.writeValueAsString(new Object[] {new double[] {1.0 / 3}, 2.0 / 3}));
        JsonMapper files = JsonMapper.builder().addModule(FILES.module()).build();
        assertEquals("[1234.568,1.234568E-5]", files.writeValueAsString(new double[] {1234.5678, 1.2345678e-5}));
    }
}
