package dev.producttagger.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.trainer.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  private static final ConfusionMatrix MATRIX =
      ConfusionMatrix.of(new int[][] {{5, 2, 0}, {1, 3, 0}, {2, 0, 0}});

  @Test
  void collectsTheMatrixMetricsPerClassWithSupport() {
    Evaluation evaluation = Evaluation.of(MATRIX, 0.5, List.of("a", "b", "c"), false);

    assertEquals(13, evaluation.images());
    assertEquals(8.0 / 13, evaluation.accuracy(), 1e-12);
    assertEquals(0.5, evaluation.loss());
    ClassMetrics b = evaluation.classes().get(1);
    assertEquals(1, b.index());
    assertEquals("b", b.name());
    assertEquals(0.6, b.precision(), 1e-12);
    assertEquals(0.75, b.recall(), 1e-12);
    assertEquals(6.0 / 9, b.f1(), 1e-12);
    assertEquals(4, b.support());
    assertEquals(MATRIX.macroF1(), evaluation.macroF1(), 1e-12);
    assertArrayEquals(new int[] {2, 0, 0}, evaluation.confusionMatrix()[2]);
  }

  @Test
  void roundTripsThroughEvaluationJson(@TempDir Path dir) throws IOException {
    Evaluation evaluation = Evaluation.of(MATRIX, 0.25, List.of("a", "b", "c"), false);
    Path file = dir.resolve("evaluation.json");

    Json.write(file, evaluation);
    Evaluation read = Json.read(file, Evaluation.class);

    assertEquals(evaluation.classes(), read.classes());
    assertEquals(evaluation.accuracy(), read.accuracy());
    assertArrayEquals(evaluation.confusionMatrix(), read.confusionMatrix());
    assertFalse(read.mirrorAveraged());
  }

  @Test
  void readsTheModeItWasPredictedIn(@TempDir Path dir) throws IOException {
    Evaluation evaluation = Evaluation.of(MATRIX, 0.25, List.of("a", "b", "c"), true);
    Path file = dir.resolve("evaluation.json");

    Json.write(file, evaluation);

    assertTrue(Json.read(file, Evaluation.class).mirrorAveraged());
    assertTrue(evaluation.table().contains("mirror image"), evaluation.table());
  }

  @Test
  void anEvaluationWrittenBeforeModesWereRecordedReadsAsOnePass(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("evaluation.json");
    Json.write(file, Evaluation.of(MATRIX, 0.25, List.of("a", "b", "c"), false));
    Files.writeString(
        file, Files.readString(file).replace("\"mirrorAveraged\"", "\"unknownToOldReaders\""));

    assertFalse(Json.read(file, Evaluation.class).mirrorAveraged());
  }

  @Test
  void anEvaluationWrittenWithAPredictionModeReadsItsMode(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("evaluation.json");
    Json.write(file, Evaluation.of(MATRIX, 0.25, List.of("a", "b", "c"), false));
    String onePass = Files.readString(file);
    Files.writeString(
        file,
        onePass.replaceAll("\"mirrorAveraged\"\\s*:\\s*false", "\"mode\": \"MIRROR_AVERAGED\""));
    assertTrue(Json.read(file, Evaluation.class).mirrorAveraged(), Files.readString(file));

    Files.writeString(
        file, onePass.replaceAll("\"mirrorAveraged\"\\s*:\\s*false", "\"mode\": \"ONE_PASS\""));
    assertFalse(Json.read(file, Evaluation.class).mirrorAveraged());
  }

  @Test
  void printsATableWithTheMacroAverages() {
    String table = Evaluation.of(MATRIX, 0.25, List.of("a", "b", "c"), false).table();
    assertTrue(table.contains("macro avg") && table.contains("accuracy 0.6154"), table);
  }

  @Test
  void needsOneNamePerClass() {
    assertThrows(
        IllegalArgumentException.class, () -> Evaluation.of(MATRIX, 0, List.of("a", "b"), false));
  }
}
