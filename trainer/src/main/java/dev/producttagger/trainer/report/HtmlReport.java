package dev.producttagger.trainer.report;

import dev.producttagger.trainer.eval.ClassMetrics;
import dev.producttagger.trainer.eval.Evaluation;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Renders a report's contents as one HTML page: inline styles, no scripts, the PNG figures beside
 * it by relative path.
 */
final class HtmlReport {

  private static final String STYLE =
      """
body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f3f3; }
figure { margin: 1.5em 0; }
figcaption { color: #555; font-size: 0.9em; }
img { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; }
""";

  private final StringBuilder html = new StringBuilder();

  private HtmlReport() {}

  static String render(Report.Contents contents) {
    return new HtmlReport().page(contents).html.toString();
  }

  private HtmlReport page(Report.Contents contents) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(contents.name()))
        .append(": Fashion-MNIST report</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>")
        .append(escape(contents.name()))
        .append(": Fashion-MNIST classification report</h1>\n");
    html.append("<p>Written by <code>trainer report</code> at ")
        .append(
            DateTimeFormatter.ISO_INSTANT.format(
                contents.createdAt().truncatedTo(ChronoUnit.SECONDS)))
        .append(". Every number here is also in <a href=\"")
        .append(Report.JSON_FILE)
        .append("\">")
        .append(Report.JSON_FILE)
        .append("</a>.</p>\n");

    results(contents.runs());
    paper(contents);
    html.append("<h2>Data</h2>\n");
    figure(contents.classDistributionFigure());
    html.append("<h2>Training</h2>\n");
    contents.trainingFigures().forEach(this::figure);
    for (Report.RunSection run : contents.runs()) {
      if (run.testEvaluation() != null) {
        html.append("<h2>").append(escape(run.name())).append(" on the test set</h2>\n");
        run.figures().forEach(this::figure);
        classTable(run.testEvaluation());
      }
    }
    html.append("</body>\n</html>\n");
    return this;
  }

  /** Our Table 2: one row per run. */
  private void results(List<Report.RunSection> runs) {
    html.append(
        "<h2>Results</h2>\n"
            + "<table>\n"
            + "<tr><th>run</th><th>architecture</th><th>epochs run</th><th>best"
            + " epoch</th><th>training accuracy (last epoch)</th><th>validation accuracy (last"
            + " epoch)</th><th>validation accuracy (best epoch)</th><th>test accuracy</th><th>test"
            + " loss</th><th>test macro F1</th><th>minutes</th></tr>\n");
    for (Report.RunSection run : runs) {
      Report.TrainingSummary summary = run.summary();
      Evaluation test = run.testEvaluation();
      row(
          escape(run.name()),
          run.architecture(),
          Integer.toString(summary.epochsRun()),
          Integer.toString(summary.bestEpoch()),
          percent(summary.lastTrainAccuracy()),
          validationPercent(summary.lastValidationAccuracy()),
          validationPercent(summary.bestValidationAccuracy()),
          test == null ? "not evaluated" : testAccuracy(test),
          test == null ? "" : String.format(Locale.ROOT, "%.4f", test.loss()),
          test == null ? "" : String.format(Locale.ROOT, "%.4f", test.macroF1()),
          String.format(Locale.ROOT, "%.1f", summary.minutes()));
    }
    html.append(
        "</table>\n"
            + "<p class=\"note\">The test accuracy is the best epoch's model (lowest validation"
            + " loss) on the 10,000 test images, which choose nothing. A test accuracy marked"
            + " mirror averaged classified each image as the mean of the model's probabilities for"
            + " it and its left-right mirror image, as the tagger serves that model; the validation"
            + " columns are single passes, as training measured them. A refit trained on all"
            + " 60,000 training images for the epochs its recipe chose on validation, so it has no"
            + " validation accuracy and its model is its last epoch's.</p>\n");
  }

  private static String validationPercent(Double fraction) {
    return fraction == null ? "none (refit)" : percent(fraction);
  }

  private static String testAccuracy(Evaluation test) {
    return test.mirrorAveraged()
        ? percent(test.accuracy()) + " (mirror averaged)"
        : percent(test.accuracy());
  }

  private void paper(Report.Contents contents) {
    html.append("<h2>Beside the paper</h2>\n");
    if (contents.paperComparison().isEmpty()) {
      html.append(
          "<p>No run here trained one of the paper's architectures (or its dropout run is not"
              + " evaluated yet).</p>\n");
    } else {
      html.append(
          "<table>\n"
              + "<tr><th>run</th><th>metric</th><th>paper</th><th>ours</th><th>difference</th></tr>\n");
      for (PaperResults.Comparison comparison : contents.paperComparison()) {
        row(
            escape(comparison.run()),
            escape(comparison.metric()),
            percent(comparison.paper()),
            percent(comparison.ours()),
            String.format(Locale.ROOT, "%+.2f points", 100 * comparison.difference()));
      }
      html.append("</table>\n");
    }
    html.append("<p class=\"note\">").append(escape(contents.paperNote())).append("</p>\n");
  }

  /** Our Table 3 for one run: per-class metrics on the test set. */
  private void classTable(Evaluation test) {
    html.append(
        "<table>\n"
            + "<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
    for (ClassMetrics c : test.classes()) {
      row(
          escape(c.name()),
          decimal(c.precision()),
          decimal(c.recall()),
          decimal(c.f1()),
          Integer.toString(c.support()));
    }
    row(
        "macro average",
        decimal(test.macroPrecision()),
        decimal(test.macroRecall()),
        decimal(test.macroF1()),
        Integer.toString(test.images()));
    html.append("</table>\n<p>Accuracy ")
        .append(percent(test.accuracy()))
        .append(", mean cross-entropy ")
        .append(String.format(Locale.ROOT, "%.4f", test.loss()))
        .append(".</p>\n");
  }

  private void figure(Report.Figure figure) {
    html.append("<figure>\n<img src=\"")
        .append(escape(figure.file()))
        .append("\" width=\"")
        .append(figure.width())
        .append("\" height=\"")
        .append(figure.height())
        .append("\" alt=\"")
        .append(escape(figure.title()))
        .append("\">\n")
        .append("<figcaption><strong>")
        .append(escape(figure.title()))
        .append(".</strong> ")
        .append(escape(figure.caption()))
        .append("</figcaption>\n</figure>\n");
  }

  /** A table row of cells already escaped. */
  private void row(String... cells) {
    html.append("<tr>");
    for (String cell : cells) {
      html.append("<td>").append(cell).append("</td>");
    }
    html.append("</tr>\n");
  }

  /** An accuracy as the paper writes it, such as 92.56%. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
