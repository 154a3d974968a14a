package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Number formats for large logits and tiny probabilities; JSON that cannot close its script element. */
class NumAndJsonTextTest {

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

    @Test
    void jsonStringsCannotCloseAScript() {
        String json = JsonText.strings(List.of("</script><script>alert(1)</script>", "a\"b"));
        assertFalse(json.contains("<"));
        assertEquals("[\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\",\"a\\\"b\"]", json);
    }
}
