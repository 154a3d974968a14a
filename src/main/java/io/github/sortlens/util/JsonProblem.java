package io.github.sortlens.util;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * A JSON file that did not parse, said in the words of the file (the field and where it is), never in the parser's
 * (its class names and feature switches mean nothing to a user).
 */
public final class JsonProblem {

    private JsonProblem() {
    }

    /** What is wrong, e.g. "field meanLoss: not valid JSON at line 4, column 15 (...)". */
    public static String describe(IOException e) {
        if (e instanceof JsonParseException p) {
            String field = p.getProcessor() == null ? null : p.getProcessor().getParsingContext().getCurrentName();
            return (field == null ? "" : "field " + field + ": ") + "not valid JSON at line "
                    + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr()
                    + " (a number is written as digits, never NaN or Infinity)";
        }
        if (e instanceof JsonMappingException m) {
            String field = m.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining()).replaceFirst("^\\.", "");
            Throwable cause = m.getCause();
            String what = m instanceof UnrecognizedPropertyException ? "is not a field that sortlens writes"
                    : cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? "is refused: " + cause.getMessage() // a record's own check, in its own words
                    : "does not hold a value of the right kind";
            return (field.isEmpty() ? "the file" : "field " + field) + " " + what;
        }
        return "cannot be read (" + e.getMessage() + ")";
    }
}
