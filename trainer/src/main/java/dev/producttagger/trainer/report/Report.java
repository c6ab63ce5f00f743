package dev.producttagger.trainer.report;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.io.AtomicFiles;
import dev.producttagger.trainer.io.Json;
import dev.producttagger.trainer.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * The report on one or more runs, in the spirit of the paper's figures and tables: {@value
 * #HTML_FILE} (self-contained but for the PNG figures beside it), the figures, and {@value
 * #JSON_FILE} with every number shown. Runs without a test evaluation contribute their training
 * curves only.
 */
public final class Report {

  public static final String HTML_FILE = "report.html";
  public static final String JSON_FILE = "report.json";

  static final int CHART_WIDTH = 900;
  static final int CHART_HEIGHT = 520;
  static final int HEATMAP_SIZE = 760;

  /** A PNG figure of the report. */
  public record Figure(String file, String title, String caption, int width, int height) {}

  /**
   * What the report says about one run. {@code testEvaluation} is null, and the samples empty, when
   * the run was not evaluated.
   */
  public record RunSection(
      String name,
      String directory,
      String architecture,
      TrainingSummary summary,
      List<EpochRecord> epochs,
      Evaluation testEvaluation,
      List<TestSample> correctSamples,
      List<TestSample> misclassifiedSamples,
      List<Figure> figures) {}

  /**
   * A run's headline numbers: the table row beside the other runs. The validation accuracies are
   * null for a refit, which holds no validation images.
   */
  public record TrainingSummary(
      int epochsRun,
      int bestEpoch,
      double lastTrainAccuracy,
      Double lastValidationAccuracy,
      Double bestValidationAccuracy,
      double minutes) {

    static TrainingSummary of(ReportedRun run) {
      return new TrainingSummary(
          run.history().completedEpochs(),
          run.bestEpoch().epoch(),
          run.lastEpoch().trainAccuracy(),
          run.lastEpoch().validationAccuracy(),
          run.bestEpoch().validationAccuracy(),
          run.trainingMinutes());
    }
  }

  /**
   * Everything in the report: the content of {@value #JSON_FILE}, from which the HTML is rendered.
   */
  public record Contents(
      String name,
      Instant createdAt,
      List<String> classNames,
      int[] trainClassCounts,
      int[] testClassCounts,
      Figure classDistributionFigure,
      List<Figure> trainingFigures,
      List<RunSection> runs,
      List<PaperResults.Comparison> paperComparison,
      String paperNote) {}

  static final String PAPER_NOTE =
      "The paper's per-class precision, recall and F1 (its Table 3) are not compared: we could not"
          + " find them in a source we can cite, so only its overall accuracies appear here.";

  private Report() {}

  /**
   * Writes the report into {@code out}, creating it if needed.
   *
   * @param train the 60,000 training images, for the class distribution
   * @param test the 10,000 test images, for the class distribution and the sample grids
   * @param samplesPerKind how many correctly and how many wrongly classified test images each
   *     evaluated run shows
   */
  public static Contents write(
      String name,
      List<ReportedRun> runs,
      LabelledImages train,
      LabelledImages test,
      int samplesPerKind,
      Path out)
      throws IOException {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run");
    }
    if (samplesPerKind < 1) {
      throw new IllegalArgumentException(
          "need at least one sample of each kind, not " + samplesPerKind);
    }
    requireDistinctFileNames(runs);
    Files.createDirectories(out);
    List<String> classNames = FashionCategories.NAMES;

    Figure classDistribution =
        save(
            out,
            Charts.classDistribution(classNames, train.classCounts(), test.classCounts()),
            new Figure(
                "class-distribution.png",
                "Fig. 2: images per class",
                "How many images of each class the training and the test set hold.",
                CHART_WIDTH,
                CHART_HEIGHT));
    List<Figure> trainingFigures = new ArrayList<>();
    trainingFigures.add(
        save(
            out,
            Charts.perEpoch(
                "Accuracy per epoch",
                "accuracy",
                runs,
                EpochRecord::trainAccuracy,
                EpochRecord::validationAccuracy),
            new Figure(
                "accuracy.png",
                "Fig. 3a: training and validation accuracy per epoch",
                "Solid: training (with dropout and augmentation on, as the network saw it); dashed:"
                    + " validation. A widening gap is overfitting.",
                CHART_WIDTH,
                CHART_HEIGHT)));
    trainingFigures.add(
        save(
            out,
            Charts.perEpoch(
                "Loss per epoch",
                "cross-entropy loss",
                runs,
                EpochRecord::trainLoss,
                EpochRecord::validationLoss),
            new Figure(
                "loss.png",
                "Fig. 3b: training and validation loss per epoch",
                "Solid: training; dashed: validation. Early stopping keeps the epoch with the"
                    + " lowest validation loss. Training loss is measured against the targets the"
                    + " network learnt from: with label smoothing or a teacher (distillation) they"
                    + " are not one-hot, so it sits above the validation loss.",
                CHART_WIDTH,
                CHART_HEIGHT)));

    List<RunSection> sections = new ArrayList<>();
    List<PaperResults.Comparison> comparisons = new ArrayList<>();
    for (ReportedRun run : runs) {
      sections.add(runSection(run, test, samplesPerKind, out, classNames));
      comparisons.addAll(PaperResults.compare(run));
    }
    Contents contents =
        new Contents(
            name,
            Instant.now(),
            classNames,
            train.classCounts(),
            test.classCounts(),
            classDistribution,
            List.copyOf(trainingFigures),
            List.copyOf(sections),
            List.copyOf(comparisons),
            PAPER_NOTE);
    Json.write(out.resolve(JSON_FILE), contents);
    AtomicFiles.replace(
        out.resolve(HTML_FILE), HtmlReport.render(contents).getBytes(StandardCharsets.UTF_8));
    return contents;
  }

  private static RunSection runSection(
      ReportedRun run, LabelledImages test, int samplesPerKind, Path out, List<String> classNames)
      throws IOException {
    String architecture = run.history().config().architectureId();
    if (run.testEvaluation().isEmpty()) {
      return new RunSection(
          run.name(),
          run.directory().root().toString(),
          architecture,
          TrainingSummary.of(run),
          run.history().epochs(),
          null,
          List.of(),
          List.of(),
          List.of());
    }
    Evaluation evaluation = run.testEvaluation().get();
    SampleGrid.Samples samples =
        SampleGrid.pick(
            run.directory().loadBestModel(), test, samplesPerKind, evaluation.mirrorAveraged());
    String prefix = fileName(run) + "-";
    List<Figure> figures = new ArrayList<>();
    if (!samples.correct().isEmpty()) {
      figures.add(
          sampleGrid(
              out,
              test,
              samples.correct(),
              classNames,
              prefix + "correct.png",
              "Fig. 4: " + run.name() + ", correctly classified test images",
              "The first "
                  + samples.correct().size()
                  + " test images the best model classifies right, framed green."));
    }
    if (!samples.misclassified().isEmpty()) {
      figures.add(
          sampleGrid(
              out,
              test,
              samples.misclassified(),
              classNames,
              prefix + "misclassified.png",
              "Fig. 5: " + run.name() + ", misclassified test images",
              "The first "
                  + samples.misclassified().size()
                  + " test images the best model gets wrong, framed red, "
                  + "with the predicted class and its probability."));
    }
    figures.add(
        save(
            out,
            Charts.confusionHeatmap(
                "Confusion matrix: " + run.name(), classNames, evaluation.confusionMatrix()),
            new Figure(
                prefix + "confusion.png",
                "Fig. 6: " + run.name() + ", confusion matrix on the test set",
                "Rows are the true classes, columns the predicted ones; the diagonal holds the"
                    + " correct predictions.",
                HEATMAP_SIZE,
                HEATMAP_SIZE)));
    return new RunSection(
        run.name(),
        run.directory().root().toString(),
        architecture,
        TrainingSummary.of(run),
        run.history().epochs(),
        evaluation,
        samples.correct(),
        samples.misclassified(),
        List.copyOf(figures));
  }

  /** Figs. 4-5: a grid of test images, framed by whether the model got them right. */
  private static Figure sampleGrid(
      Path out,
      LabelledImages test,
      List<TestSample> samples,
      List<String> classNames,
      String fileName,
      String title,
      String description)
      throws IOException {
    return save(
        out,
        SampleGrid.draw(test, samples, classNames),
        new Figure(
            fileName,
            title,
            description,
            SampleGrid.width(samples.size()),
            SampleGrid.height(samples.size())));
  }

  private static Figure save(Path out, JFreeChart chart, Figure figure) throws IOException {
    ChartUtils.saveChartAsPNG(
        out.resolve(figure.file()).toFile(), chart, figure.width(), figure.height());
    return figure;
  }

  private static Figure save(Path out, BufferedImage image, Figure figure) throws IOException {
    if (!ImageIO.write(image, "png", out.resolve(figure.file()).toFile())) {
      throw new IOException("this Java runtime has no PNG writer");
    }
    return figure;
  }

  /**
   * A run's name as a file name: anything but letters, digits, dot, dash and underscore becomes an
   * underscore.
   */
  private static String fileName(ReportedRun run) {
    return run.name().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void requireDistinctFileNames(List<ReportedRun> runs) {
    Set<String> seen = new HashSet<>();
    for (ReportedRun run : runs) {
      if (!seen.add(fileName(run))) {
        throw new IllegalArgumentException(
            "two runs would share the figure names of '"
                + run.name()
                + "'; give run directories different names");
      }
    }
  }
}
