package dev.producttagger.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.benchmarks.harness.TrainingThroughput.Layout;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.MiniBatches;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;

class SameDiffPaperCnnTest {

  @ParameterizedTest
  @EnumSource(Layout.class)
  void holdsAsManyParametersAsTheTrainersBaselineAndLearnsABatch(Layout layout) throws Exception {
    SameDiffPaperCnn graph = new SameDiffPaperCnn(layout, 3);
    DataSet batch =
        new MiniBatches(
                FashionMnist.loadTest(
                        Path.of(
                            System.getProperty("fashionMnist.directory", "../data/fashion-mnist")))
                    .select(IntStream.range(0, 32).toArray()),
                32,
                Augmentation.NONE,
                0,
                1)
            .next()
            .dataSet();

    double before = graph.loss(batch);
    for (int step = 0; step < 20; step++) {
      graph.fit(batch);
    }
    double after = graph.loss(batch);

    assertEquals(
        Architecture.PAPER_BASELINE.newNetwork(1, 1e-3, 0).numParams(), graph.parameterCount());
    assertTrue(after < before / 2, "loss " + before + " -> " + after);
  }
}
