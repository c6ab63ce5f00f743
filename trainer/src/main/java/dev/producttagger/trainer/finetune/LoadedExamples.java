package dev.producttagger.trainer.finetune;

/** Labelled examples as read, with where they came from. */
public record LoadedExamples(ExampleSet examples, ExamplesOrigin origin) {}
