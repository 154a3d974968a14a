/**
 * Stage 1: the run's configuration as immutable, validated records, and the table of keys that resolves them from
 * defaults (the seed notebook's), a config file and {@code --section.key=value} overrides.
 */
package io.github.sortlens.config;
