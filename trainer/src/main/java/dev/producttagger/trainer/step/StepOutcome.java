package dev.producttagger.trainer.step;

/**
 * A training step's mean loss over its minibatch (without regularisation) and its correct
 * predictions.
 */
public record StepOutcome(double loss, int correct) {}
