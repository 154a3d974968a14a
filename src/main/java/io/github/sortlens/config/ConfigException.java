package io.github.sortlens.config;

/** A configuration value that cannot be used; the message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {

    private final String key;
    private final String allowed;

    public ConfigException(String message) {
        this(message, null, null);
    }

    private ConfigException(String message, String key, String allowed) {
        super(message);
        this.key = key;
        this.allowed = allowed;
    }

    /** The key whose value was refused, or null when the error is not about one value. */
    String key() {
        return key;
    }

    /** What the key allows, in words, or null. */
    String allowed() {
        return allowed;
    }

    static ConfigException outOfRange(String key, Object value, String allowed) {
        return new ConfigException(key + "=" + show(String.valueOf(value)) + " is not allowed: " + allowed, key,
                allowed);
    }

    static void require(boolean ok, ConfigKeys.Key key, Object value, String allowed) {
        if (!ok) {
            throw outOfRange(key.name(), value, allowed);
        }
    }

    /** The same refusal, echoing the value exactly as it was given and saying where it was given. */
    ConfigException asGiven(String rawValue, String where) {
        if (key == null) {
            return this;
        }
        return new ConfigException(key + "=" + show(rawValue) + " is not allowed: " + allowed
                + (where == null ? "" : " (" + where + ")"), key, allowed);
    }

    /** The most code points of a value that a message echoes; a longer value is cut and its length said. */
    static final int MAX_SHOWN = 80;

    /**
     * A value as it can be shown on one line: control characters escaped, and cut after {@value #MAX_SHOWN} code points
     * (saying how long it was), so that a refused 5,000-character value is not echoed whole.
     */
    public static String show(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_SHOWN) {
            return escape(value.substring(0, value.offsetByCodePoints(0, MAX_SHOWN))) + "... (" + length
                    + " characters)";
        }
        return escape(value);
    }

    private static String escape(String value) {
        StringBuilder s = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c == '\t') {
                s.append("\\t");
            } else if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }
}
