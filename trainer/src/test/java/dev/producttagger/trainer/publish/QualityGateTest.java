package dev.producttagger.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleManifest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static final QualityGate GATE = new QualityGate(0.90);
  private static final BundleManifest SERVING =
      TestModels.placeholderBundle("paper-dropout", 4, 0.93).manifest();

  @Test
  void passesABundleAtLeastAsGoodAsTheFloorAndTheServingOne() {
    assertEquals(List.of(), GATE.objections(manifest(0.93), Optional.of(SERVING)));
    assertEquals(List.of(), GATE.objections(manifest(0.90), Optional.empty()));
  }

  @Test
  void objectsToABundleBelowTheFloor() {
    List<String> objections = GATE.objections(manifest(0.85), Optional.empty());

    assertEquals(List.of("test accuracy 0.8500 is below the minimum 0.9000"), objections);
  }

  @Test
  void objectsToABundleWorseThanTheServingOne() {
    List<String> objections = GATE.objections(manifest(0.92), Optional.of(SERVING));

    assertEquals(1, objections.size());
    assertTrue(
        objections.get(0).contains("below 0.9300 of the published paper-dropout version 4"),
        objections.get(0));
  }

  @Test
  void refusesAFloorOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.5));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(Double.NaN));
  }

  private static BundleManifest manifest(double testAccuracy) {
    return TestModels.placeholderBundle("candidate", 5, testAccuracy).manifest();
  }
}
