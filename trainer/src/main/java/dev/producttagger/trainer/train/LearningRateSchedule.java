package dev.producttagger.trainer.train;

import java.util.Locale;

/**
 * The optimizer's learning rate for each epoch, set before the epoch starts. Written as a short
 * spec: {@code constant}, {@code step:EVERY:FACTOR} (multiply by FACTOR every EVERY epochs) or
 * {@code cosine} / {@code cosine:FLOOR} (half a cosine from the initial rate down towards FLOOR
 * times it over the planned epochs).
 */
public sealed interface LearningRateSchedule {

  /** The rate for a 1-based epoch of a run planned for {@code plannedEpochs}. */
  double rate(double initialRate, int epoch, int plannedEpochs);

  /** The spec this schedule parses from. */
  String spec();

  static LearningRateSchedule parse(String spec) {
    String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      switch (parts[0]) {
        case "constant":
          if (parts.length == 1) {
            return new Constant();
          }
          break;
        case "step":
          if (parts.length == 3) {
            return new Step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
          }
          break;
        case "cosine":
          if (parts.length <= 2) {
            return new Cosine(parts.length == 2 ? Double.parseDouble(parts[1]) : 0);
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in learning-rate schedule '" + spec + "'", e);
    }
    throw new IllegalArgumentException(
        "unknown learning-rate schedule '"
            + spec
            + "'; use constant, step:EVERY:FACTOR (e.g. step:5:0.5) or cosine[:FLOOR] (e.g."
            + " cosine:0.01)");
  }

  record Constant() implements LearningRateSchedule {
    @Override
    public double rate(double initialRate, int epoch, int plannedEpochs) {
      return initialRate;
    }

    @Override
    public String spec() {
      return "constant";
    }
  }

  record Step(int everyEpochs, double factor) implements LearningRateSchedule {
    public Step {
      if (everyEpochs < 1 || factor <= 0 || factor > 1) {
        throw new IllegalArgumentException(
            "step schedule needs EVERY >= 1 and 0 < FACTOR <= 1, not "
                + everyEpochs
                + " and "
                + factor);
      }
    }

    @Override
    public double rate(double initialRate, int epoch, int plannedEpochs) {
      return initialRate * Math.pow(factor, (epoch - 1) / everyEpochs);
    }

    @Override
    public String spec() {
      return "step:" + everyEpochs + ":" + factor;
    }
  }

  record Cosine(double floorFraction) implements LearningRateSchedule {
    public Cosine {
      if (floorFraction < 0 || floorFraction >= 1) {
        throw new IllegalArgumentException("cosine floor must be in [0, 1), not " + floorFraction);
      }
    }

    @Override
    public double rate(double initialRate, int epoch, int plannedEpochs) {
      double progress = (double) (epoch - 1) / plannedEpochs;
      double floor = initialRate * floorFraction;
      return floor + (initialRate - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public String spec() {
      return "cosine:" + floorFraction;
    }
  }
}
