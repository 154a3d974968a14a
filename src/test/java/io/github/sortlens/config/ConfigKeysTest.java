package io.github.sortlens.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeysTest {

    @Test
    void defaultsAreTheSeedNotebooks() {
        RunConfig c = ConfigKeys.resolve(null, Map.of());
        assertEquals(new ModelConfig(32, 32, 1, 1, 42, 32), c.model());
        assertEquals(16, c.train().batchSize());
        assertEquals(50_001, c.train().steps());
        assertEquals(1e-3, c.train().lr());
        assertEquals(123, c.train().seed());
        assertEquals(100, c.train().logEvery());
        assertEquals(20, c.model().listLength());
        assertEquals(30, c.model().startToken());
        assertEquals(31, c.model().stopToken());
    }

    @Test
    void fileThenCommandLineOverridesApplyInOrder(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "# a comment\ntrain.steps = 2000\nmodel.n_heads=2\n");
        RunConfig c = ConfigKeys.resolve(file, Map.of("train.steps", "3000"));
        assertEquals(3000, c.train().steps());
        assertEquals(2, c.model().nHeads());
    }

    /** Notepad saves UTF-8 with a byte-order mark: the first key is still the key it reads as. */
    @Test
    void aConfigFileWithAByteOrderMarkIsRead(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "\uFEFFtrain.steps=2000\r\nmodel.n_heads=2\r\n");
        RunConfig c = ConfigKeys.resolve(file, Map.of());
        assertEquals(2000, c.train().steps());
        assertEquals(2, c.model().nHeads());
    }

    @Test
    void aKeyGivenTwiceInAConfigFileIsRefusedNamingBothLines(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "train.steps=2000\n# later\ntrain.steps = 3000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigKeys.resolve(file, Map.of()));
        assertTrue(e.getMessage().contains("train.steps is given twice") && e.getMessage().contains("lines 1 and 3"),
                e.getMessage());
    }

    @Test
    void theResolvedTextReadsBackToTheSameConfig() {
        RunConfig c = ConfigKeys.resolve(null, Map.of("train.lr", "0.0005", "report.title", "a = b"));
        assertEquals(c, ConfigKeys.build(ConfigKeys.toMap(c)));
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertMessage("model.n_ctx=41 is not allowed: an even integer from 4 to 1024", "model.n_ctx", "41");
        assertMessage("model.n_ctx=2 is not allowed", "model.n_ctx", "2");
        assertMessage("model.d_vocab=2 is not allowed", "model.d_vocab", "2");
        assertMessage("model.n_heads=0 is not allowed", "model.n_heads", "0");
        assertMessage("train.steps=0 is not allowed", "train.steps", "0");
        assertMessage("train.lr=0 is not allowed: a number in (0, 1]", "train.lr", "0");
        assertMessage("train.lr=-1 is not allowed", "train.lr", "-1");
        assertMessage("train.steps=abc is not allowed: an integer", "train.steps", "abc");
        assertMessage("model.n_layers=2 is not allowed: only 1", "model.n_layers", "2");
        assertMessage("unknown config key 'train.stepz'", "train.stepz", "1");
    }

    @Test
    void anUnknownKeyInAFileNamesTheFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("c.properties");
        Files.writeString(file, "model.colour=blue\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigKeys.resolve(file, Map.of()));
        assertTrue(e.getMessage().contains("unknown config key 'model.colour'") && e.getMessage().contains(file.toString()),
                e.getMessage());
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path tmp) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigKeys.resolve(tmp.resolve("nope.properties"), Map.of()));
        assertTrue(e.getMessage().contains("nope.properties does not exist"), e.getMessage());
    }

    private static void assertMessage(String expected, String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigKeys.resolve(null, Map.of(key, value)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
