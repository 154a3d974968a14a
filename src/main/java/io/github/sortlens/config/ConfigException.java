package io.github.sortlens.config;

/** A configuration value that cannot be used; the message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    static ConfigException outOfRange(String key, Object value, String allowed) {
        return new ConfigException(key + "=" + value + " is not allowed: " + allowed);
    }

    static void require(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw outOfRange(key, value, allowed);
        }
    }
}
