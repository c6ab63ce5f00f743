package dev.producttagger.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.trainer.data.TestData;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.train.EpochRecord;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TestRuns;
import dev.producttagger.trainer.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @Test
  void writesTheFiguresTheHtmlAndTheJsonOfTwoRuns(@TempDir Path dir) throws IOException {
    // A baseline with training curves only, and an evaluated dropout run with an (untrained) best
    // model.
    TestRuns.write(
        dir.resolve("baseline"),
        Architecture.PAPER_BASELINE,
        Architecture.PAPER_BASELINE.newNetwork(1, 0.001, 0),
        false);
    TestRuns.write(
        dir.resolve("dropout"),
        Architecture.PAPER_DROPOUT,
        Architecture.PAPER_DROPOUT.newNetwork(2, 0.001, 0.3),
        true);
    List<ReportedRun> runs =
        List.of(
            ReportedRun.load(dir.resolve("baseline")), ReportedRun.load(dir.resolve("dropout")));
    Path out = dir.resolve("report");

    Report.Contents contents =
        Report.write(
            "baseline-vs-dropout",
            runs,
            TestData.fashionMnistTrain(),
            TestData.fashionMnistTest(),
            5,
            out);

    List<Report.Figure> figures = new ArrayList<>();
    figures.add(contents.classDistributionFigure());
    figures.addAll(contents.trainingFigures());
    contents.runs().forEach(run -> figures.addAll(run.figures()));
    // Class distribution, accuracy and loss; for the evaluated run correct and misclassified
    // samples and the confusion matrix.
    assertEquals(6, figures.size());
    String html = Files.readString(out.resolve(Report.HTML_FILE));
    for (Report.Figure figure : figures) {
      BufferedImage image = ImageIO.read(out.resolve(figure.file()).toFile());
      assertNotNull(image, figure.file() + " is not a readable PNG");
      assertEquals(figure.width(), image.getWidth(), figure.file());
      assertEquals(figure.height(), image.getHeight(), figure.file());
      assertTrue(html.contains("src=\"" + figure.file() + "\""), "the HTML shows " + figure.file());
    }
    assertEquals(Report.CHART_WIDTH, contents.trainingFigures().get(0).width());
    assertEquals(Report.HEATMAP_SIZE, contents.runs().get(1).figures().get(2).height());
    // Five samples of each kind: one row of five cells.
    assertEquals(SampleGrid.width(5), contents.runs().get(1).figures().get(0).width());

    Report.RunSection dropout = contents.runs().get(1);
    assertEquals(5, dropout.correctSamples().size());
    assertEquals(5, dropout.misclassifiedSamples().size());
    assertTrue(dropout.correctSamples().stream().allMatch(TestSample::correct));
    assertFalse(dropout.misclassifiedSamples().stream().anyMatch(TestSample::correct));
    assertNull(contents.runs().get(0).testEvaluation());

    double testAccuracy = TestRuns.evaluation().accuracy();
    assertTrue(html.contains(HtmlReport.percent(testAccuracy)), "test accuracy in the HTML");
    assertTrue(
        html.contains(HtmlReport.percent(PaperResults.DROPOUT_TEST_ACCURACY)),
        "the paper's test accuracy");
    assertTrue(
        html.contains(HtmlReport.percent(PaperResults.BASELINE_TRAIN_ACCURACY)),
        "the paper's baseline training accuracy");
    assertTrue(html.contains(HtmlReport.percent(0.88)), "the baseline's last validation accuracy");
    assertTrue(html.contains("Shirt"), "the per-class table");

    JsonNode json = new ObjectMapper().readTree(out.resolve(Report.JSON_FILE).toFile());
    assertEquals(testAccuracy, json.at("/runs/1/testEvaluation/accuracy").asDouble(), 1e-12);
    assertEquals(6000, json.at("/trainClassCounts/0").asInt());
    assertEquals(1000, json.at("/testClassCounts/9").asInt());
    assertEquals(
        3, json.at("/paperComparison").size(), "two baseline numbers and one dropout number");
    assertEquals(
        testAccuracy - PaperResults.DROPOUT_TEST_ACCURACY,
        json.at("/paperComparison/2/difference").asDouble(),
        1e-12);
  }

  @Test
  void aRefitRunIsDrawnWithItsTrainingLineOnly(@TempDir Path dir) {
    TrainingHistory validated = TestRuns.history(Architecture.PAPER_DROPOUT);
    TrainingHistory refit =
        TrainingHistory.begin(TestRuns.refit(validated.config()))
            .withEpoch(new EpochRecord(1, 0.001, 0.4, 0.9, null, null, 30, 100));
    List<ReportedRun> runs =
        List.of(
            new ReportedRun("recipe", new RunDirectory(dir), validated, Optional.empty()),
            new ReportedRun("refit", new RunDirectory(dir), refit, Optional.empty()));

    XYPlot plot =
        Charts.perEpoch(
                "accuracy",
                "accuracy",
                runs,
                EpochRecord::trainAccuracy,
                EpochRecord::validationAccuracy)
            .getXYPlot();

    XYDataset drawn = plot.getDataset();
    assertEquals(3, drawn.getSeriesCount());
    assertEquals("recipe training", drawn.getSeriesKey(0));
    assertEquals("recipe validation", drawn.getSeriesKey(1));
    assertEquals("refit training", drawn.getSeriesKey(2));
    XYItemRenderer renderer = plot.getRenderer();
    assertEquals(renderer.getSeriesPaint(0), renderer.getSeriesPaint(1));
    assertNotEquals(
        renderer.getSeriesPaint(1),
        renderer.getSeriesPaint(2),
        "the refit's line takes the second run's colour");
  }
}
