package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.benchmarks.harness.TrainingThroughput.Layout;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.TrainingEngine;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every architecture trains in both layouts the training benchmark measures, and with replicas;
 * SameDiff trains the paper's baseline only.
 */
class TrainingThroughputTest {

  private static LabelledImages images() throws java.io.IOException {
    return FashionMnist.loadTest(
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")))
        .select(IntStream.range(0, 24).toArray());
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void trainsChannelsFirstAndChannelsLast(Architecture architecture) throws Exception {
    LabelledImages images = images();

    TrainingThroughput first =
        TrainingThroughput.measure(
            architecture, images, 8, 1, 1, Layout.CHANNELS_FIRST, TrainingEngine.DL4J, 8, 16);
    TrainingThroughput last =
        TrainingThroughput.measure(
            architecture, images, 8, 1, 2, Layout.CHANNELS_LAST, TrainingEngine.DL4J, 8, 16);

    assertAll(
        () -> assertEquals(Layout.CHANNELS_FIRST, first.layout()),
        () -> assertEquals(Layout.CHANNELS_LAST, last.layout()),
        () -> assertEquals(2, last.replicas()),
        () -> assertTrue(first.imagesPerSecond() > 0, first.toString()),
        () -> assertTrue(last.imagesPerSecond() > 0, last.toString()));
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void sameDiffTrainsThePapersNetworksInEitherLayout(Layout layout) throws Exception {
    TrainingThroughput result =
        TrainingThroughput.measure(
            Architecture.PAPER_DROPOUT, images(), 8, 1, 1, layout, TrainingEngine.SAMEDIFF, 8, 16);

    assertAll(
        () -> assertEquals(TrainingEngine.SAMEDIFF, result.engine()),
        () -> assertTrue(result.imagesPerSecond() > 0, result.toString()));
  }

  @Test
  void sameDiffTrainsBatchNormalisationOnReplicas() throws Exception {
    TrainingThroughput twoReplicas =
        TrainingThroughput.measure(
            Architecture.BATCHNORM_VGG,
            images(),
            8,
            1,
            2,
            Layout.CHANNELS_LAST,
            TrainingEngine.SAMEDIFF,
            8,
            16);
    assertEquals(2, twoReplicas.replicas());
    assertTrue(twoReplicas.imagesPerSecond() > 0, twoReplicas.toString());
  }
}
