package dev.producttagger.trainer.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's results on a labelled set: what {@code evaluation.json} holds. {@code loss} is the
 * mean categorical cross-entropy; {@code confusionMatrix} is [actual][predicted]; {@code
 * mirrorAveraged} says whether each image was predicted as the mean with its mirror image.
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
    boolean mirrorAveraged) {

  /**
   * Reads {@code evaluation.json}, also as written before {@code mirrorAveraged} replaced {@code
   * mode} ("ONE_PASS" or "MIRROR_AVERAGED"; absent in the oldest files, one pass).
   */
  @JsonCreator
  static Evaluation fromJson(
      @JsonProperty("images") int images,
      @JsonProperty("accuracy") double accuracy,
      @JsonProperty("loss") double loss,
      @JsonProperty("macroPrecision") double macroPrecision,
      @JsonProperty("macroRecall") double macroRecall,
      @JsonProperty("macroF1") double macroF1,
      @JsonProperty("classes") List<ClassMetrics> classes,
      @JsonProperty("confusionMatrix") int[][] confusionMatrix,
      @JsonProperty("mirrorAveraged") Boolean mirrorAveraged,
      @JsonProperty("mode") String mode) {
    return new Evaluation(
        images,
        accuracy,
        loss,
        macroPrecision,
        macroRecall,
        macroF1,
        classes,
        confusionMatrix,
        Boolean.TRUE.equals(mirrorAveraged) || "MIRROR_AVERAGED".equals(mode));
  }

  public static Evaluation of(
      ConfusionMatrix matrix, double loss, List<String> classNames, boolean mirrorAveraged) {
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
        mirrorAveraged);
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
    if (mirrorAveraged) {
      table.append(" (each image averaged with its mirror image)");
    }
    return table.toString();
  }
}
