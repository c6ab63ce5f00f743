package dev.producttagger.tagger.stats;

import dev.producttagger.schemas.events.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the shadow model compares with the serving one on this instance since the shadow arrived: how
 * often the two agree on an upload, and, on the uploads reviewers decided, how often each was
 * right, per decided category. A new shadow starts the counts afresh. Not thread-safe: {@link
 * TaggerStatistics} guards it.
 */
final class ShadowStatistics {

  private final List<String> categories;
  private ModelRef shadow;
  private ModelRef serving;
  private long compared;
  private long agreed;
  private final long[] decided;
  private final long[] servingCorrect;
  private final long[] shadowCorrect;

  ShadowStatistics(List<String> categories) {
    this.categories = categories;
    this.decided = new long[categories.size()];
    this.servingCorrect = new long[categories.size()];
    this.shadowCorrect = new long[categories.size()];
  }

  void compare(ModelRef shadowModel, ModelRef servingModel, int shadowGuess, int servingGuess) {
    startFor(shadowModel);
    serving = servingModel;
    compared++;
    agreed += shadowGuess == servingGuess ? 1 : 0;
  }

  /** A reviewer's category for an upload both models guessed while this shadow ran. */
  void decided(ModelRef shadowModel, int label, int servingGuess, int shadowGuess) {
    if (!Objects.equals(shadow, shadowModel)) {
      return;
    }
    decided[label]++;
    servingCorrect[label] += servingGuess == label ? 1 : 0;
    shadowCorrect[label] += shadowGuess == label ? 1 : 0;
  }

  StatisticsSnapshot.Shadow snapshot() {
    if (shadow == null) {
      return null;
    }
    List<StatisticsSnapshot.ShadowClassAccuracy> perClass = new ArrayList<>();
    for (int c = 0; c < categories.size(); c++) {
      perClass.add(
          new StatisticsSnapshot.ShadowClassAccuracy(
              c, categories.get(c), decided[c], servingCorrect[c], shadowCorrect[c]));
    }
    return new StatisticsSnapshot.Shadow(
        shadow,
        serving,
        compared,
        agreed,
        compared == 0 ? 0 : (double) agreed / compared,
        sum(decided),
        sum(servingCorrect),
        sum(shadowCorrect),
        perClass);
  }

  long[] decidedByCategory() {
    return decided.clone();
  }

  long[] correctByCategory(boolean ofShadow) {
    return (ofShadow ? shadowCorrect : servingCorrect).clone();
  }

  long compared() {
    return compared;
  }

  long agreed() {
    return agreed;
  }

  private void startFor(ModelRef shadowModel) {
    if (!shadowModel.equals(shadow)) {
      shadow = shadowModel;
      compared = 0;
      agreed = 0;
      java.util.Arrays.fill(decided, 0);
      java.util.Arrays.fill(servingCorrect, 0);
      java.util.Arrays.fill(shadowCorrect, 0);
    }
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}
