package dev.producttagger.trainer.distill;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.Predictor;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.Provenance;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.bundle.FashionBundleFiles;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.progress.ImageProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A teacher bundle's softened class probabilities for every training image, computed once before
 * training: the teacher predicts as its bundle says (mirror averaged or not) on the images as they
 * are, and augmentation then changes only the student's input.
 */
public final class TeacherTargets {

  private static final Logger LOG = LoggerFactory.getLogger(TeacherTargets.class);

  /** Teachers run in inference mode; larger batches only cost memory. */
  private static final int BATCH_SIZE = 500;

  private final float[][] targets;

  public TeacherTargets(float[][] probabilities, double temperature) {
    this.targets = new float[probabilities.length][];
    for (int i = 0; i < probabilities.length; i++) {
      targets[i] = soften(probabilities[i], temperature);
    }
  }

  private TeacherTargets(float[][] targets) {
    this.targets = targets;
  }

  /** Targets as they are, one row per image, each summing to 1; the rows are not copied. */
  public static TeacherTargets of(float[][] targets) {
    return new TeacherTargets(targets);
  }

  /**
   * The distillation settings for the teacher in {@code bundleFile}, for a student trained on the
   * split that {@code seed} and {@code limitTrain} make, or for a {@code refit} on all of its
   * images, which holds out nothing a teacher could leak.
   *
   * @throws IOException if the file cannot be read or is not a valid bundle for the ten categories
   * @throws IllegalArgumentException if the teacher was trained on another split, so it may have
   *     learnt the student's validation images
   */
  public static Distillation describe(
      Path bundleFile,
      double weight,
      double temperature,
      long seed,
      Integer limitTrain,
      boolean refit)
      throws IOException {
    BundleManifest manifest = readBundle(bundleFile).manifest();
    String teacher = manifest.name() + " v" + manifest.version();
    Provenance provenance = manifest.provenance();
    String teacherLimit = provenance.hyperParameters().get(Provenance.LIMIT_TRAIN);
    String studentLimit = limitTrain == null ? null : limitTrain.toString();
    if (!refit && (provenance.seed() != seed || !Objects.equals(teacherLimit, studentLimit))) {
      throw new IllegalArgumentException(
          String.format(
              "--teacher %s (%s) was trained on the split of seed %d%s, this run's is seed %d%s:"
                  + " the teacher may have learnt this run's validation images",
              bundleFile,
              teacher,
              provenance.seed(),
              teacherLimit == null ? "" : " with --limit-train " + teacherLimit,
              seed,
              studentLimit == null ? "" : " with --limit-train " + studentLimit));
    }
    return new Distillation(
        bundleFile.toString(), teacher, manifest.weightsSha256(), weight, temperature);
  }

  /**
   * The teacher's targets for {@code images}, checking that its bundle is still the one the run
   * started with.
   *
   * @throws IOException if the bundle cannot be read, is invalid or has other weights
   */
  public static TeacherTargets compute(Distillation distillation, LabelledImages images)
      throws IOException {
    ModelBundle bundle = readBundle(Path.of(distillation.teacherBundle()));
    if (!bundle.manifest().weightsSha256().equals(distillation.teacherWeightsSha256())) {
      throw new IOException(
          "teacher "
              + distillation.teacherBundle()
              + " is no longer the teacher this run started with ("
              + distillation.teacher()
              + ", weights sha256 "
              + distillation.teacherWeightsSha256()
              + ")");
    }
    LOG.info(
        "teacher {} ({}): predicting {} training images{}",
        distillation.teacher(),
        bundle.manifest().architecture(),
        images.size(),
        bundle.manifest().input().mirrorAveraged() ? ", mirror averaged" : "");
    long started = System.nanoTime();
    Predictor teacher = load(distillation, bundle);
    float[][] probabilities;
    try (ImageProgress progress =
        ImageProgress.start("teacher " + distillation.teacher(), images.size())) {
      probabilities = Evaluator.probabilities(teacher, images, BATCH_SIZE, progress::advance);
    }
    LOG.info(
        String.format(
            "teacher targets ready in %d s; the teacher agrees with %.4f of the training labels",
            (System.nanoTime() - started) / 1_000_000_000,
            Evaluator.predictions(probabilities, images).accuracy(images)));
    return new TeacherTargets(probabilities, distillation.temperature());
  }

  /** The softened teacher probabilities of image {@code image}; do not modify. */
  public float[] of(int image) {
    return targets[image];
  }

  /** {@code p_i^(1/T) / sum_j p_j^(1/T)}, computed through logarithms so tiny p stay finite. */
  static float[] soften(float[] probabilities, double temperature) {
    double[] logs = new double[probabilities.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < probabilities.length; i++) {
      logs[i] = Math.log(Math.max(probabilities[i], Float.MIN_NORMAL)) / temperature;
      max = Math.max(max, logs[i]);
    }
    double sum = 0;
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.exp(logs[i] - max);
      sum += logs[i];
    }
    float[] softened = new float[logs.length];
    for (int i = 0; i < logs.length; i++) {
      softened[i] = (float) (logs[i] / sum);
    }
    return softened;
  }

  /** The teacher as the tagger would serve it: the same checks, layout and input encoding. */
  private static Predictor load(Distillation distillation, ModelBundle bundle) throws IOException {
    try {
      return new ModelLoader(FashionCategories.NAMES).load(bundle).predictor();
    } catch (ModelRejectedException e) {
      throw new IOException("teacher " + distillation.teacherBundle() + ": " + e.getMessage(), e);
    }
  }

  private static ModelBundle readBundle(Path bundleFile) throws IOException {
    return FashionBundleFiles.read(bundleFile, "teacher");
  }
}
