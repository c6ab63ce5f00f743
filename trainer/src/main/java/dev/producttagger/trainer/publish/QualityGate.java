package dev.producttagger.trainer.publish;

import dev.producttagger.schemas.bundle.BundleManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a bundle is good enough to replace the one the taggers serve: its test accuracy must
 * reach a floor and must not fall below the serving bundle's. Operators may overrule it (a rollback
 * is a deliberate step to a worse model); {@link ModelPublisher} records when they did.
 *
 * @param minAccuracy the lowest test accuracy accepted, between 0 and 1
 */
public record QualityGate(double minAccuracy) {

  public static final double DEFAULT_MIN_ACCURACY = 0.90;

  public QualityGate {
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new IllegalArgumentException(
          "the minimum accuracy must be between 0 and 1, not " + minAccuracy);
    }
  }

  /** Why {@code candidate} should not replace {@code serving}; empty when it may. */
  public List<String> objections(BundleManifest candidate, Optional<BundleManifest> serving) {
    double accuracy = candidate.metrics().testAccuracy();
    List<String> objections = new ArrayList<>();
    if (accuracy < minAccuracy) {
      objections.add(
          String.format(
              Locale.ROOT, "test accuracy %.4f is below the minimum %.4f", accuracy, minAccuracy));
    }
    serving
        .filter(current -> accuracy < current.metrics().testAccuracy())
        .ifPresent(
            current ->
                objections.add(
                    String.format(
                        Locale.ROOT,
                        "test accuracy %.4f is below %.4f of the published %s version %d",
                        accuracy,
                        current.metrics().testAccuracy(),
                        current.name(),
                        current.version())));
    return List.copyOf(objections);
  }
}
