package io.github.sortlens.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The circuits page's readings compare score ranges in words that follow the ratio, not a fixed conclusion. */
class CircuitsPageTest {

    @Test
    void theComparisonWordFollowsTheRatioOfTheRanges() {
        assertEquals("far less than", CircuitsPage.asMuchAs(4.5, 29.7));
        assertEquals("less than", CircuitsPage.asMuchAs(9.2, 29.7));
        assertEquals("about as much as", CircuitsPage.asMuchAs(30, 29.7));
        assertEquals("more than", CircuitsPage.asMuchAs(60, 29.7));
    }
}
