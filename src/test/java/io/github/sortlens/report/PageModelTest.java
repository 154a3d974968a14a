package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page body is either its type's record or an untyped map, never both; the layout's parts are not in it. */
class PageModelTest {

    private static PageModel.Builder builder() {
        return new PageModel.Builder("hooks", "hooks.ftlh", "Hooks", "d");
    }

    @Test
    void aTypedBodyIsTheRecordItself() {
        HooksPage.Body body = new HooksPage.Body(List.of(), "note");
        PageModel page = builder().body(body).scripts("assets/x.js").build();
        assertSame(body, page.body());
        assertEquals(List.of("assets/x.js"), page.scripts());
        assertTrue(page.supports().isEmpty());
    }

    @Test
    void aRecordAndUntypedEntriesAreRefused() {
        ReportException e = assertThrows(ReportException.class,
                () -> builder().body(new HooksPage.Body(List.of(), "note")).put("rows", List.of()).build());
        assertTrue(e.getMessage().contains("rows"), e.getMessage());
    }

    @Test
    void anUntypedBodyStaysAnOrderedMap() {
        PageModel page = builder().put("b", 1).put("a", 2).build();
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) page.body()).keySet()));
    }

    @Test
    void aBodyIsARecordOrAMap() {
        assertThrows(ReportException.class, () -> new PageModel("x", "x.ftlh", "t", "d", "text", Map.of(),
                new java.util.TreeMap<>(), null, List.of(), List.of()));
    }
}
