package dev.producttagger.kafka.modeltopic;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every record on the model topic, oldest first. Records a tagger would refuse are kept so they can
 * be shown, but never count as published.
 */
public record PublishedModels(List<ModelRecord> records) {

  public PublishedModels {
    records = List.copyOf(records);
  }

  /** The bundles a tagger would serve, oldest first: every valid one but the shadow's. */
  public List<ModelRecord.Valid> valid() {
    return records.stream()
        .filter(ModelRecord.Valid.class::isInstance)
        .map(ModelRecord.Valid.class::cast)
        .filter(valid -> !ModelTopic.SHADOW_KEY.equals(valid.key()))
        .toList();
  }

  /**
   * The bundle the taggers serve: the highest version on the topic, whatever its name, since a
   * tagger serves one model and takes only a version above the one it serves.
   */
  public Optional<ModelRecord.Valid> serving() {
    return valid().stream()
        .max(
            Comparator.comparingLong((ModelRecord.Valid valid) -> valid.manifest().version())
                .thenComparingLong(ModelRecord::offset));
  }

  public OptionalLong highestVersion() {
    return serving()
        .map(valid -> OptionalLong.of(valid.manifest().version()))
        .orElse(OptionalLong.empty());
  }

  /**
   * The shadow model the taggers run beside the serving one: the newest record under {@link
   * ModelTopic#SHADOW_KEY}, unless that is a tombstone or a bundle a tagger would refuse.
   */
  public Optional<ModelRecord.Valid> shadow() {
    return records.stream()
        .filter(record -> ModelTopic.SHADOW_KEY.equals(record.key()))
        .reduce((older, newer) -> newer)
        .filter(ModelRecord.Valid.class::isInstance)
        .map(ModelRecord.Valid.class::cast);
  }

  /** The newest valid bundle published as {@code version}, if compaction has not removed it. */
  public Optional<ModelRecord.Valid> version(long version) {
    return valid().stream()
        .filter(valid -> valid.manifest().version() == version)
        .reduce((older, newer) -> newer);
  }
}
