package io.github.sortlens.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles rounded to a number of significant digits, and the Jackson module that writes every {@code double},
 * {@code Double} and {@code double[]} so: the one rounding of the JSON the tool writes. The analysis files keep
 * 7 digits (about float32 precision) as JSON doubles; page data keeps 4, as plain decimals. Rounding a double's exact
 * binary value (not its shortest text) makes the result the same on every machine.
 */
public final class Rounding {

    /** How a rounded number is written, and what becomes of NaN and the infinities. */
    public enum Style {
        /** The double nearest the rounded value, as Jackson writes doubles ({@code 0.1234567}, {@code 1.0E-5}); a
         *  non-finite value is an error. */
        DOUBLE,
        /** Plain decimal text without trailing zeros ({@code 1235}, {@code 0.00001234}); non-finite values are
         *  written as {@code null} and -0 as 0. */
        PLAIN
    }

    private final MathContext context;
    private final Style style;

    public Rounding(int digits, RoundingMode mode, Style style) {
        this.context = new MathContext(digits, mode);
        this.style = style;
    }

    /** The double nearest {@code x} rounded (0 for either zero); an error if {@code x} is not finite. */
    public double round(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("non-finite number " + x + " where a finite one is written");
        }
        return x == 0 ? 0.0 : new BigDecimal(x).round(context).doubleValue();
    }

    /** {@code x} rounded, as plain decimal text without trailing zeros, or {@code null} if it is not finite. */
    public String plain(double x) {
        if (!Double.isFinite(x)) {
            return "null";
        }
        if (x == 0) {
            return "0";
        }
        String s = new BigDecimal(x).round(context).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A Jackson module writing every double rounded, in this rounding's style. */
    public SimpleModule module() {
        SimpleModule module = new SimpleModule("rounding-" + context.getPrecision() + "-" + style);
        JsonSerializer<Double> scalar = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                write(value, gen);
            }
        };
        module.addSerializer(Double.class, scalar);
        module.addSerializer(double.class, scalar);
        module.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartArray(values, values.length);
                for (double v : values) {
                    write(v, gen);
                }
                gen.writeEndArray();
            }
        });
        return module;
    }

    private void write(double v, JsonGenerator gen) throws IOException {
        if (style == Style.DOUBLE) {
            gen.writeNumber(round(v));
        } else if (Double.isFinite(v)) {
            gen.writeNumber(plain(v));
        } else {
            gen.writeNull();
        }
    }
}
