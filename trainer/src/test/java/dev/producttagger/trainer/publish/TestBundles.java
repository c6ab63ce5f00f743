package dev.producttagger.trainer.publish;

import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.bundle.ClassMetrics;
import dev.producttagger.schemas.bundle.InputSpec;
import dev.producttagger.schemas.bundle.Metrics;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.Provenance;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.FashionCategories;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Valid bundles without a network behind them: publishing checks the bundle format and the
 * manifest, never runs the model, so a placeholder network keeps these tests free of DL4J.
 */
public final class TestBundles {

  private TestBundles() {}

  public static ModelBundle bundle(String name, long version, double testAccuracy) {
    byte[] networkJson = "{\"placeholder\":true}".getBytes(StandardCharsets.UTF_8);
    byte[] weights = WeightsCodec.encode(new float[] {0.25f, -0.5f, 1f, (float) version});
    List<ClassMetrics> perClass =
        FashionCategories.NAMES.stream()
            .map(
                className ->
                    new ClassMetrics(className, testAccuracy, testAccuracy, testAccuracy, 1000))
            .toList();
    BundleManifest manifest =
        new BundleManifest(
            name,
            version,
            Instant.parse("2026-11-27T12:00:00Z"),
            "paper-dropout",
            FashionCategories.NAMES,
            InputSpec.fashionMnist(),
            new Provenance(Map.of(), 7, 3, Map.of("batchSize", "64"), 60, "trainer test"),
            new Metrics(testAccuracy, testAccuracy, perClass, 0.8),
            4,
            Checksums.sha256Hex(weights),
            Checksums.sha256Hex(networkJson));
    return new ModelBundle(manifest, networkJson, weights);
  }
}
