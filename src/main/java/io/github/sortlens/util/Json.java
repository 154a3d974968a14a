package io.github.sortlens.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One deterministic JSON mapper for every file the tool writes: record components in declaration order, map
 * entries sorted by key, pretty-printed with {@code \n} line ends, so the same data gives the same bytes.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writer().withDefaultPrettyPrinter().writeValueAsString(value).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    /** Compact, single-line JSON (a line for another program to read; pages embed JSON through PageJson). */
    public static String writeCompact(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new UncheckedIOException("missing file " + file, new NoSuchFileException(file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + JsonProblem.describe(e), e);
        }
    }

    /** Parses JSON text, e.g. a line another program printed. */
    public static <T> T parse(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    public static void writeFile(Path file, Object value) {
        AtomicFiles.writeString(file, write(value));
    }
}
