package dev.producttagger.trainer.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's results on a labelled set: what {@code evaluation.json} holds. {@code loss} is the
 * mean categorical cross-entropy; {@code confusionMatrix} is [actual][predicted]; {@code mode} is
 * how the predictions were made, {@link PredictionMode#ONE_PASS} in files written before it was
 * recorded.
 */
public record Evaluation(
    int images,
    double accuracy,
    double loss,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    List<ClassMetrics> classes,
    int[][] confusionMatrix,
    PredictionMode mode) {

  public Evaluation {
    mode = mode == null ? PredictionMode.ONE_PASS : mode;
  }

  public static Evaluation of(
      ConfusionMatrix matrix, double loss, List<String> classNames, PredictionMode mode) {
    if (classNames.size() != matrix.classCount()) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for " + matrix.classCount() + " classes");
    }
    List<ClassMetrics> classes = new ArrayList<>();
    for (int c = 0; c < matrix.classCount(); c++) {
      classes.add(
          new ClassMetrics(
              c,
              classNames.get(c),
              matrix.precision(c),
              matrix.recall(c),
              matrix.f1(c),
              matrix.support(c)));
    }
    return new Evaluation(
        matrix.total(),
        matrix.accuracy(),
        loss,
        matrix.macroPrecision(),
        matrix.macroRecall(),
        matrix.macroF1(),
        List.copyOf(classes),
        matrix.counts(),
        mode);
  }

  /** A plain-text table of the per-class metrics and the totals, for the console. */
  public String table() {
    StringBuilder table =
        new StringBuilder(
            String.format(
                "%-12s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
    for (ClassMetrics c : classes) {
      table.append(
          String.format(
              "%-12s %9.4f %9.4f %9.4f %8d%n",
              c.name(), c.precision(), c.recall(), c.f1(), c.support()));
    }
    table.append(
        String.format(
            "%-12s %9.4f %9.4f %9.4f %8d%n",
            "macro avg", macroPrecision, macroRecall, macroF1, images));
    table.append(String.format("accuracy %.4f, loss %.4f", accuracy, loss));
    if (mode == PredictionMode.MIRROR_AVERAGED) {
      table.append(" (each image averaged with its mirror image)");
    }
    return table.toString();
  }
}
