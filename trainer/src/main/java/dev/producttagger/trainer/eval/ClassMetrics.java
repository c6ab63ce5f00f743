package dev.producttagger.trainer.eval;

/** How well one class is recognised; {@code support} is the number of images of that class. */
public record ClassMetrics(
    int index, String name, double precision, double recall, double f1, int support) {}
