package dev.producttagger.trainer.train;

/**
 * One finished epoch. Training loss and accuracy are means over the epoch's minibatches as the
 * network saw them (dropout and augmentation on); validation runs in inference mode afterwards.
 *
 * @param validationLoss null when the run holds no validation images (a refit)
 * @param validationAccuracy null when the run holds no validation images (a refit)
 * @param seconds wall time of the whole epoch, validation included
 * @param imagesPerSecond training throughput, validation excluded
 */
public record EpochRecord(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    Double validationLoss,
    Double validationAccuracy,
    double seconds,
    double imagesPerSecond) {

  public boolean validated() {
    return validationLoss != null;
  }
}
