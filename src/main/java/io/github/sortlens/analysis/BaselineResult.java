package io.github.sortlens.analysis;

import java.util.List;

/**
 * Baselines for the circuit statistics the findings rest on ({@code baselines.json}): each statistic of the trained
 * model beside the same statistic on the model training started from, and on the trained model with the relevant
 * circuit's rows permuted. A statistic that an untrained or scrambled model also reaches is not evidence.
 *
 * @param untrainedSource where the untrained weights came from: the run's step-0 snapshot, or the initialisation
 *                        re-derived from the run's seed as the trainer derives it
 * @param permutation     [value token] the row permutation of the nulls: value-token row {@code t} takes the trained
 *                        row {@code permutation[t]} (START and STOP rows stay)
 * @param attentionSequences held-out sequences the attention on the answer is measured on
 * @param heads           one entry per head, {@code L0H0} first
 */
public record BaselineResult(String untrainedSource, int[] permutation, int attentionSequences,
                             List<HeadBaselines> heads) {

    /**
     * One head's statistics for the three models.
     *
     * @param head      {@code L0H<h>}
     * @param trained   the trained weights
     * @param untrained the weights training started from
     * @param permuted  the trained weights with the query rows of the QK score table permuted (score statistics) and
     *                  the source rows of the OV circuit permuted (copying statistics, through {@code W_E}'s value
     *                  rows); its {@code topKeyHoldsAnswer} is 0, as no one model has both permutations
     */
    public record HeadBaselines(String head, Statistics trained, Statistics untrained, Statistics permuted) {
    }

    /**
     * The statistics of one model and head.
     *
     * @param copyingScore        sum Re(eig) / sum |eig| of the full OV circuit ({@link CircuitsResult.HeadCircuits})
     * @param ovDiagonalFraction  fraction of value source tokens whose column-centred OV row peaks on the same token
     * @param ovDiagonalZScore    mean z-score of the diagonal in the column-centred OV token block
     * @param aboveOverBelow      score order: a key at or above the previous output beats one below
     *                            ({@link MechanismResult.HeadScores#aboveOverBelow})
     * @param smallerFirst        score order: of two keys at or above, the smaller wins
     *                            ({@link MechanismResult.HeadScores#smallerFirst})
     * @param meanBandSize        mean number of key values within ln 10 of a value query's top score
     * @param topKeyAbove         fraction of value queries whose top-scoring key value (score as computed) is above the
     *                            query value
     * @param topKeyHoldsAnswer   fraction of sorted outputs whose most-attended key holds the answer, on held-out
     *                            sequences (0 for the permuted null, which is not one runnable model)
     */
    public record Statistics(double copyingScore, double ovDiagonalFraction, double ovDiagonalZScore,
                             double aboveOverBelow, double smallerFirst, double meanBandSize, double topKeyAbove,
                             double topKeyHoldsAnswer) {
    }
}
