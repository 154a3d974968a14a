package io.github.sortlens.report.claims;

import io.github.sortlens.report.Claim;

/** One claim of the Findings page, evaluated on a run's results. */
public interface ClaimUnit {

    /** Tests the hypothesis on the run's numbers and says what they show. */
    Claim evaluate(Evidence e);
}
