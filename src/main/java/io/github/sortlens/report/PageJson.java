package io.github.sortlens.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one writer of JSON embedded in pages and page scripts (chart options, the model export). Strings are safe
 * inside {@code <script>}: {@code <}, {@code >}, {@code &}, U+2028, U+2029 and every control character but
 * {@code \n}, {@code \r} and {@code \t} are written as lower-case {@code \\u} escapes, so a label can never close the
 * element. Numbers keep {@link Num#SIGNIFICANT} significant digits in plain notation ({@link Num#json}: NaN and
 * infinities become {@code null}, -0 becomes 0), by the {@link io.github.sortlens.util.Rounding} the analysis files
 * share. Compact, but for the line breaks of {@link Lines} objects, so that a page's source stays readable.
 * Deterministic: the same value gives the same bytes.
 */
public final class PageJson {

    private static final ObjectWriter WRITER = writer();

    private PageJson() {
    }

    /** The value (maps, lists, arrays, records, numbers, strings) as script-safe JSON text. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ReportException("cannot write page JSON for " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    /** An ordered JSON object from name, value pairs: {@code object("type", "line", "showSymbol", false)}. */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /**
     * A JSON object laid out one entry per line after its first {@code sameLine} entries (which share the line of
     * its opening brace). Only layout: the JSON value is the map's.
     */
    public record Lines(int sameLine, Map<String, Object> entries) {
    }

    private static ObjectWriter writer() {
        SimpleModule module = new SimpleModule("page-json");
        module.addSerializer(Lines.class, new JsonSerializer<>() {
            @Override
            public void serialize(Lines lines, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject(lines);
                for (Map.Entry<String, Object> e : lines.entries().entrySet()) {
                    provider.defaultSerializeField(e.getKey(), e.getValue(), gen);
                }
                gen.writeEndObject();
            }
        });
        return JsonMapper.builder()
                .addModule(Num.JSON.module())
                .addModule(module)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .build()
                .writer(new LinePrinter())
                .with(new ScriptSafe());
    }

    /** Compact JSON but for the line breaks of {@link Lines} objects. */
    private static final class LinePrinter extends MinimalPrettyPrinter {

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            JsonStreamContext object = g.getOutputContext();
            boolean newLine = object.getCurrentValue() instanceof Lines lines
                    && object.getCurrentIndex() + 1 >= lines.sameLine();
            g.writeRaw(newLine ? ",\n" : ",");
        }
    }

    /** Escapes {@code < > &}, U+2028, U+2029 and control characters (none by a short form but \n \r \t). */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ScriptSafe() {
            for (char c : new char[] {'<', '>', '&', '\b', '\f'}) {
                ascii[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
