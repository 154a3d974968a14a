package io.github.sortlens.analysis;

import java.util.List;

/**
 * The exact decomposition of every held-out output's logits ({@link LogitDecomposition}), projected on the margin
 * between the correct token and its strongest rival (the runner-up; the model's wrong prediction when it errs).
 *
 * @param components        [component] {@link LogitDecomposition#labels}
 * @param roles             [role] {@link KeyRole#labels}
 * @param outputs           held-out outputs decomposed
 * @param meanMargin        mean of {@code logit[correct] - logit[rival]}
 * @param componentMean     [component] mean part of that margin
 * @param componentByOutput [component][output] mean part at each output
 * @param headRoleMean      [head][role] mean part of the margin written by keys of that role (token + position)
 * @param headRoleToken     [head][role] the token write's part
 * @param headRolePosition  [head][role] the position write's part ({@code b_V} included)
 * @param headRoleAttention [head][role] mean attention on keys of that role
 * @param maxClosureError   largest |sum of the parts - the model's logit| over every output and token
 * @param argmaxAgreement   fraction of outputs whose summed parts have the model's argmax
 * @param errors            outputs the model gets wrong
 * @param errorsNotInList   of those, the ones whose predicted token is not among the unsorted list's values
 * @param notInListPush     [component] over those errors, mean part of {@code logit[predicted] - logit[correct]}:
 *                          which writes put a value that is not in the list ahead
 * @param inListPush        [component] the same over the other errors (a wrong value copied from the list)
 */
public record DecompositionResult(List<String> components, List<String> roles, long outputs, double meanMargin,
                                  double[] componentMean, double[][] componentByOutput, double[][] headRoleMean,
                                  double[][] headRoleToken, double[][] headRolePosition,
                                  double[][] headRoleAttention, double maxClosureError, double argmaxAgreement,
                                  long errors, long errorsNotInList, double[] notInListPush, double[] inListPush) {
}
