package dev.producttagger.trainer.distill;

/**
 * Knowledge distillation (Hinton et al., 2015): a trained teacher's class probabilities become part
 * of every training image's target, so the student also learns which wrong classes look alike. Each
 * target is {@code (1 - weight) * label + weight * teacher}, where {@code label} is the one-hot (or
 * smoothed) true class and {@code teacher} the teacher's probabilities for the unaugmented image
 * softened by {@code temperature}: {@code p_i^(1/T) / sum_j p_j^(1/T)}, which is the softmax of the
 * teacher's logits divided by T. The student is trained at temperature 1 with the usual
 * cross-entropy, so no custom loss enters the saved network.
 *
 * @param teacherBundle the teacher's model bundle file, as given
 * @param teacher the teacher's name and version, for people
 * @param teacherWeightsSha256 the teacher's {@code weightsSha256}: a resumed run refuses any other
 * @param weight the teacher's share of each target, in (0, 1]
 * @param temperature softens the teacher's probabilities (1: as they are), at least 1
 */
public record Distillation(
    String teacherBundle,
    String teacher,
    String teacherWeightsSha256,
    double weight,
    double temperature) {

  public Distillation {
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("--distillation-weight must be in (0, 1], not " + weight);
    }
    if (!(temperature >= 1 && temperature <= 20)) {
      throw new IllegalArgumentException(
          "--distillation-temperature must be in [1, 20], not " + temperature);
    }
  }
}
