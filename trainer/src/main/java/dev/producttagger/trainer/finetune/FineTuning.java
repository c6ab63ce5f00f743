package dev.producttagger.trainer.finetune;

import dev.producttagger.trainer.train.FrozenLayers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a fine-tuning run learns from, beyond the settings every run has: stored in its {@code
 * TrainingConfig}, so a resumed run continues from the same examples, and copied into the exported
 * bundle's manifest.
 *
 * @param base the served model the run starts from
 * @param replayRatio Fashion-MNIST training images replayed per example each epoch
 * @param baseWeight the base's share of the kept weights (see {@link FineTuneRecipe}); absent from
 *     runs started before it existed, which read as 0
 * @param replayDistillation the base's share of each replayed image's target (see {@link
 *     FineTuneRecipe}); absent from runs started before it existed, which read as 0
 * @param tunedLayers the layers the run trains, every other one kept as the base has it; empty for
 *     all, as runs started before it existed read
 * @param exampleCount how many labelled examples, one per eventId
 * @param examplesSha256 {@link ExampleSet#sha256()} of the examples
 * @param examplesOrigin the topic and offsets, or the file, they were read from
 */
public record FineTuning(
    BaseModel base,
    double replayRatio,
    double baseWeight,
    double replayDistillation,
    List<String> tunedLayers,
    int exampleCount,
    String examplesSha256,
    ExamplesOrigin examplesOrigin) {

  public FineTuning {
    Objects.requireNonNull(base, "base");
    ReplayMix.checkRatio(replayRatio);
    checkBaseWeight(baseWeight);
    checkReplayDistillation(replayDistillation);
    tunedLayers = tunedLayers == null ? List.of() : List.copyOf(tunedLayers);
    if (exampleCount < 1) {
      throw new IllegalArgumentException("fine-tuning needs examples, not " + exampleCount);
    }
    Objects.requireNonNull(examplesSha256, "examplesSha256");
    Objects.requireNonNull(examplesOrigin, "examplesOrigin");
  }

  /** The manifest's record of the fine-tuning, as hyper-parameters (text values). */
  public Map<String, String> hyperParameters() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("baseName", base.model().name());
    settings.put("baseVersion", Long.toString(base.model().version()));
    settings.put("baseWeightsSha256", base.model().sha256());
    settings.put("replayRatio", Double.toString(replayRatio));
    settings.put("baseWeight", Double.toString(baseWeight));
    settings.put("replayDistillation", Double.toString(replayDistillation));
    settings.put(
        "tunedLayers", tunedLayers.isEmpty() ? FrozenLayers.ALL : String.join(",", tunedLayers));
    settings.put("exampleCount", Integer.toString(exampleCount));
    settings.put("examplesSha256", examplesSha256);
    settings.putAll(examplesOrigin.hyperParameters());
    return settings;
  }

  static void checkBaseWeight(double baseWeight) {
    if (!(baseWeight >= 0 && baseWeight < 1)) {
      throw new IllegalArgumentException("--base-weight must be in [0, 1), not " + baseWeight);
    }
  }

  static void checkReplayDistillation(double replayDistillation) {
    if (!(replayDistillation >= 0 && replayDistillation <= 1)) {
      throw new IllegalArgumentException(
          "--replay-distillation must be in [0, 1], not " + replayDistillation);
    }
  }
}
