package dev.producttagger.trainer.blas;

import dev.producttagger.runtime.blas.FeatureShape;

/**
 * Batch normalisation as DL4J's layer trains it: each channel (each feature after a dense layer)
 * standardised by the minibatch part's own mean and biased variance, then scaled by gamma and
 * shifted by beta. The moving averages are not trained by gradient: as DL4J's layer does, the
 * backward pass writes their updates where their gradient would be, which the network's updater
 * passes through untouched and the step subtracts (the new mean is decay x the old one plus (1 -
 * decay) x the part's; the same for the variance, kept as log10 of the standard deviation). With
 * replicas, each part's update is weighted by its share of the minibatch, so the updates add up to
 * their mean, as with the SameDiff engine.
 */
final class BatchNormalisation implements TrainingLayer {

  /** Where the layer's parameters start in the network's flattened parameters. */
  record Offsets(int gamma, int beta, int mean, int log10Std) {}

  private final FeatureShape shape;
  private final double eps;
  private final double decay;
  private final Offsets offsets;
  private final int channels;
  private final float[] gamma;
  private final float[] beta;
  private final float[] movingMean;
  private final float[] movingLog10Std;
  private final double[] mean;
  private final double[] variance;
  private final float[] inverseStd;
  private final double[] sums;
  private final double[] weightedSums;
  private double share = 1;
  private float[] standardised = new float[0];
  private float[] activations = new float[0];
  private float[] inputGradient = new float[0];

  BatchNormalisation(FeatureShape shape, double eps, double decay, Offsets offsets) {
    this.shape = shape;
    this.eps = eps;
    this.decay = decay;
    this.offsets = offsets;
    this.channels = shape.channels();
    this.gamma = new float[channels];
    this.beta = new float[channels];
    this.movingMean = new float[channels];
    this.movingLog10Std = new float[channels];
    this.mean = new double[channels];
    this.variance = new double[channels];
    this.inverseStd = new float[channels];
    this.sums = new double[channels];
    this.weightedSums = new double[channels];
  }

  @Override
  public FeatureShape output() {
    return shape;
  }

  /** This part's share of the minibatch, by which its moving-average updates are weighted. */
  void share(double share) {
    this.share = share;
  }

  @Override
  public void load(float[] parameters) {
    System.arraycopy(parameters, offsets.gamma(), gamma, 0, channels);
    System.arraycopy(parameters, offsets.beta(), beta, 0, channels);
    System.arraycopy(parameters, offsets.mean(), movingMean, 0, channels);
    System.arraycopy(parameters, offsets.log10Std(), movingLog10Std, 0, channels);
  }

  @Override
  public float[] forward(float[] input, int images) {
    int rows = images * shape.positions();
    int floats = rows * channels;
    sumRows(input, rows, sums);
    for (int c = 0; c < channels; c++) {
      mean[c] = sums[c] / rows;
      variance[c] = 0;
    }
    for (int row = 0; row < rows; row++) {
      int at = row * channels;
      for (int c = 0; c < channels; c++) {
        double centred = input[at + c] - mean[c];
        variance[c] += centred * centred;
      }
    }
    for (int c = 0; c < channels; c++) {
      variance[c] /= rows;
      inverseStd[c] = (float) (1 / Math.sqrt(variance[c] + eps));
    }
    standardised = TrainingLayer.atLeast(standardised, floats);
    activations = TrainingLayer.atLeast(activations, floats);
    for (int row = 0; row < rows; row++) {
      int at = row * channels;
      for (int c = 0; c < channels; c++) {
        float value = (float) (input[at + c] - mean[c]) * inverseStd[c];
        standardised[at + c] = value;
        activations[at + c] = value * gamma[c] + beta[c];
      }
    }
    return activations;
  }

  @Override
  public float[] backward(float[] outputGradient, int images, float[] gradient, boolean toInput) {
    int rows = images * shape.positions();
    sumRows(outputGradient, rows, sums);
    for (int c = 0; c < channels; c++) {
      weightedSums[c] = 0;
    }
    for (int row = 0; row < rows; row++) {
      int at = row * channels;
      for (int c = 0; c < channels; c++) {
        weightedSums[c] += outputGradient[at + c] * standardised[at + c];
      }
    }
    for (int c = 0; c < channels; c++) {
      gradient[offsets.gamma() + c] = (float) weightedSums[c];
      gradient[offsets.beta() + c] = (float) sums[c];
      double movingVariance = Math.pow(10, 2 * movingLog10Std[c]);
      double newVariance = decay * movingVariance + (1 - decay) * variance[c];
      gradient[offsets.mean() + c] = (float) ((movingMean[c] - mean[c]) * (1 - decay) * share);
      gradient[offsets.log10Std() + c] =
          (float) (0.5 * Math.log10(movingVariance / newVariance) * share);
    }
    if (!toInput) {
      return null;
    }
    inputGradient = TrainingLayer.atLeast(inputGradient, rows * channels);
    for (int row = 0; row < rows; row++) {
      int at = row * channels;
      for (int c = 0; c < channels; c++) {
        // (gamma / std) x (dy - mean of dy - x^ x mean of dy x^), per channel.
        inputGradient[at + c] =
            (float)
                (gamma[c]
                    * inverseStd[c]
                    * (outputGradient[at + c]
                        - sums[c] / rows
                        - standardised[at + c] * weightedSums[c] / rows));
      }
    }
    return inputGradient;
  }

  /** Per-channel sums of {@code rows} rows of channels. */
  private void sumRows(float[] values, int rows, double[] into) {
    for (int c = 0; c < channels; c++) {
      into[c] = 0;
    }
    for (int row = 0; row < rows; row++) {
      int at = row * channels;
      for (int c = 0; c < channels; c++) {
        into[c] += values[at + c];
      }
    }
  }
}
