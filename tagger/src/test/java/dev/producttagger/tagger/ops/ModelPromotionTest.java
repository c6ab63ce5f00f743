package dev.producttagger.tagger.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleManifest;
import org.junit.jupiter.api.Test;

class ModelPromotionTest {

  private static final BundleManifest SERVING = TestModels.tinyBundle("serving", 1, 1).manifest();
  private static final BundleManifest SHADOW = TestModels.tinyBundle("shadow", 2, 2).manifest();

  private static ModelPromotion.Evidence evidence(
      int examples, int servingCorrect, int shadowCorrect, int onlyServing, int onlyShadow) {
    return new ModelPromotion.Evidence(
        SERVING, SHADOW, examples, servingCorrect, shadowCorrect, onlyServing, onlyShadow);
  }

  @Test
  void theIntervalIsThatOfPairedAnswers() {
    // 200 examples: the shadow alone right on 30, the serving model alone on 10.
    ModelPromotion.Evidence evidence = evidence(200, 150, 170, 10, 30);

    assertEquals(0.10, evidence.difference(), 1e-12);
    double standardError = Math.sqrt(40 - 20.0 * 20 / 200) / 200;
    assertEquals(0.10 - 1.959964 * standardError, evidence.interval()[0], 1e-9);
    assertEquals(0.10 + 1.959964 * standardError, evidence.interval()[1], 1e-9);
    assertTrue(evidence.shadowBeatsServing(30));
    assertFalse(evidence.shadowBeatsServing(201), "too few examples");
  }

  @Test
  void aLeadWithinChanceIsNotEnough() {
    // The shadow is ahead by 2 of 50, with 6 discordant answers: the interval spans zero.
    ModelPromotion.Evidence close = evidence(50, 40, 42, 2, 4);
    assertTrue(close.difference() > 0);
    assertTrue(close.interval()[0] < 0);
    assertFalse(close.shadowBeatsServing(30));
    assertFalse(evidence(100, 80, 80, 0, 0).shadowBeatsServing(30), "the same answers");
    assertFalse(evidence(0, 0, 0, 0, 0).shadowBeatsServing(1));
    assertEquals(0, evidence(0, 0, 0, 0, 0).interval()[1]);
  }
}
