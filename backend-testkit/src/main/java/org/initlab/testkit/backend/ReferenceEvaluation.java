package org.initlab.testkit.backend;

/**
 * The {@link ReferenceNetwork}'s evaluation of one batch.
 *
 * @param lossSum   sum of the per-sample cross-entropy
 * @param correct   samples whose arg-max logit is the label
 * @param ambiguous samples whose two largest logits nearly tie, so float rounding may change the arg-max
 */
public record ReferenceEvaluation(double lossSum, int correct, int ambiguous) {
}
