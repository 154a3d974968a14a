package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page body is its type's record, always there; the layout's parts are not in it. */
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
    void aPageWithoutItsBodyRecordIsRefused() {
        ReportException e = assertThrows(ReportException.class, () -> builder().scripts("assets/x.js").build());
        assertTrue(e.getMessage().contains("hooks has no body record"), e.getMessage());
    }
}
