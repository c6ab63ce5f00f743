package dev.producttagger.trainer.publish;

import dev.producttagger.schemas.bundle.BundleManifest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The valid bundles on the model topic, oldest first. Records a tagger would refuse never count as
 * published.
 */
public record PublishedModels(List<BundleManifest> bundles) {

  public PublishedModels {
    bundles = List.copyOf(bundles);
  }

  /**
   * The bundle the taggers serve: the highest version on the topic, whatever its name, since a
   * tagger serves one model and takes only a version above the one it serves.
   */
  public Optional<BundleManifest> serving() {
    return bundles.stream().max(Comparator.comparingLong(BundleManifest::version));
  }

  public OptionalLong highestVersion() {
    return serving()
        .map(manifest -> OptionalLong.of(manifest.version()))
        .orElse(OptionalLong.empty());
  }
}
