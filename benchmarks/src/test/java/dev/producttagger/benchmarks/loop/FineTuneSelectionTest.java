package dev.producttagger.benchmarks.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.benchmarks.loop.FineTuneSelection.Candidate;
import dev.producttagger.benchmarks.loop.FineTuneSelection.Result;
import dev.producttagger.trainer.train.Augmentation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FineTuneSelectionTest {

  private static final PhotoAccuracy BASE = accuracy(0.9500, 0.9200);

  @Test
  void aCandidateReadsEpochsLearningRateReplayAndAnOptionalAugmentation() {
    Candidate plain = Candidate.parse("3:1e-4:8");
    assertEquals(new Candidate(3, 1e-4, 8, null, 0, 0, List.of()), plain);
    assertEquals("3:0.0001:8", plain.spec());
    assertEquals(
        new Candidate(5, 5e-5, 16, Augmentation.FLIP, 0, 0, List.of()),
        Candidate.parse("5:0.00005:16:flip"));
    assertEquals("5:0.00005:16:FLIP", Candidate.parse("5:5e-5:16:FLIP").spec());
    assertEquals(
        new Candidate(3, 1e-4, 4, null, 0.5, 0, List.of()), Candidate.parse("3:1e-4:4:-:0.5"));
    assertEquals("3:0.0001:4:-:0.5", Candidate.parse("3:1e-4:4:-:0.50").spec());
    assertEquals("3:0.0001:4:FLIP:0.25", Candidate.parse("3:1e-4:4:FLIP:0.25").spec());
    assertEquals(
        new Candidate(3, 1e-4, 8, null, 0, 1, List.of()), Candidate.parse("3:1e-4:8:-:0:1"));
    assertEquals("3:0.0001:8:-:0:0.5", Candidate.parse("3:1e-4:8:-:0:0.50").spec());
    assertEquals("3:0.0001:8:-:0.3:1", Candidate.parse("3:1e-4:8:-:0.3:1").spec());
    assertEquals(
        new Candidate(3, 1e-3, 4, null, 0, 0, List.of("conv1", "conv2")),
        Candidate.parse("3:1e-3:4:-:0:0:conv1+conv2"));
    assertEquals("3:0.001:4:-:0:0:conv1", Candidate.parse("3:1e-3:4:-:0:0:conv1").spec());
    assertEquals("3:0.001:4", Candidate.parse("3:1e-3:4:-:0:0:-").spec());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "3",
        "3:1e-4",
        "3:1e-4:8:FLIP:x",
        "3:1e-4:8:-:0.5:x",
        "3:1e-4:8:-:0.5:1:conv1:x",
        "three:1e-4:8",
        "3:x:8",
        "3:1e-4:8:SPIN"
      })
  void aMalformedCandidateIsRefusedWithTheFormat(String spec) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse(spec));
    assertTrue(refused.getMessage().contains(spec), refused.getMessage());
  }

  @Test
  void aCandidateWithSettingsFineTuneRefusesIsRefusedWhenItsRecipeIsMade() {
    assertThrows(IllegalArgumentException.class, () -> Candidate.parse("0:1e-4:8").recipe(7));
    assertThrows(IllegalArgumentException.class, () -> Candidate.parse("3:1e-4:-1").recipe(7));
    assertThrows(IllegalArgumentException.class, () -> Candidate.parse("3:1e-4:4:-:1").recipe(7));
  }

  @Test
  void theRuleTakesTheBestPhotoAccuracyAmongTheCandidatesThatForgetLittle() {
    Result forgets = result("3:1e-3:4", 0.9400, 0.9500);
    Result good = result("3:1e-4:8", 0.9490, 0.9350);
    Result better = result("3:1e-4:16", 0.9485, 0.9380);
    Result safest = result("3:5e-5:16", 0.9500, 0.9300);

    assertEquals(
        Optional.of(better.candidate()),
        FineTuneSelection.choose(BASE, List.of(forgets, good, better, safest), 0.2));
    assertEquals(
        Optional.of(good.candidate()),
        FineTuneSelection.choose(BASE, List.of(forgets, good, better, safest), 0.1),
        "a drop of exactly the limit still counts as keeping what it knew");
  }

  @Test
  void onATieTheFirstListedWins() {
    Result first = result("3:1e-4:8", 0.9500, 0.9350);
    Result second = result("3:1e-4:16", 0.9500, 0.9350);
    assertEquals(
        Optional.of(first.candidate()),
        FineTuneSelection.choose(BASE, List.of(first, second), 0.2));
  }

  @Test
  void noCandidateIsChosenWhenEveryOneForgetsTooMuch() {
    assertEquals(
        Optional.empty(),
        FineTuneSelection.choose(BASE, List.of(result("3:1e-3:1", 0.9470, 0.9600)), 0.2));
  }

  @Test
  void settingsRefuseCountsThatCannotBeMet() {
    assertThrows(
        IllegalArgumentException.class, () -> settings(27_000, 40_000, List.of("3:1e-4:8")));
    assertThrows(IllegalArgumentException.class, () -> settings(0, 1_000, List.of("3:1e-4:8")));
    assertThrows(IllegalArgumentException.class, () -> settings(1_000, 1_000, List.of()));
    assertNull(settings(20_000, 40_000, List.of("3:1e-4:8")).candidates().get(0).augment());
  }

  @Test
  void averagedCandidatesShareOneRunAndASecondInvocationTrainsNothing(@TempDir Path work)
      throws Exception {
    FineTuneSelection.Settings small =
        new FineTuneSelection.Settings(
            Path.of("..", "models", "paper-dropout.bundle"),
            Path.of(System.getProperty("fashionMnist.directory", "../data/fashion-mnist")),
            work,
            600,
            40,
            200,
            List.of(Candidate.parse("1:1e-4:1"), Candidate.parse("1:1e-4:1:-:0.5")),
            100,
            7);
    StringWriter console = new StringWriter();

    FineTuneSelection.Summary summary =
        FineTuneSelection.run(small, new PrintWriter(console, true));

    assertEquals(40, summary.examples(), console.toString());
    assertEquals(2, summary.results().size());
    Result best =
        summary.results().get(1).validation().photoAccuracy()
                > summary.results().get(0).validation().photoAccuracy()
            ? summary.results().get(1)
            : summary.results().get(0);
    assertEquals(Optional.of(best.candidate()), summary.chosen(), "with room for any drop");
    List<Path> runs;
    try (Stream<Path> entries = Files.list(work)) {
      runs = entries.filter(Files::isDirectory).toList();
    }
    assertEquals(List.of(work.resolve("run-1_0.0001_1")), runs, "one run for both candidates");
    Path checkpoint = runs.get(0).resolve("checkpoint.zip");
    FileTime trained = Files.getLastModifiedTime(checkpoint);

    FineTuneSelection.Summary again =
        FineTuneSelection.run(small, new PrintWriter(new StringWriter(), true));

    assertEquals(trained, Files.getLastModifiedTime(checkpoint), "nothing trained again");
    assertEquals(accuracies(summary), accuracies(again), "the same models measured alike");
  }

  private static List<List<Double>> accuracies(FineTuneSelection.Summary summary) {
    return summary.results().stream()
        .map(
            result ->
                List.of(result.validation().gray8Accuracy(), result.validation().photoAccuracy()))
        .toList();
  }

  private static FineTuneSelection.Settings settings(
      int photos, int validation, List<String> candidates) {
    return new FineTuneSelection.Settings(
        Path.of("model.bundle"),
        Path.of("data"),
        Path.of("work"),
        photos,
        3_000,
        validation,
        candidates.stream().map(Candidate::parse).toList(),
        0.2,
        7);
  }

  private static Result result(String spec, double gray8, double photos) {
    return new Result(Candidate.parse(spec), 60, accuracy(gray8, photos));
  }

  private static PhotoAccuracy accuracy(double gray8, double photos) {
    return new PhotoAccuracy(10_000, gray8, photos, 0, 1_000);
  }
}
