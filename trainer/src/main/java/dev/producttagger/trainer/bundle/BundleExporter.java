package dev.producttagger.trainer.bundle;

import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.bundle.ClassMetrics;
import dev.producttagger.schemas.bundle.Metrics;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.bundle.Provenance;
import dev.producttagger.schemas.bundle.WeightsCodec;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.eval.Evaluation;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.model.TrainingInput;
import dev.producttagger.trainer.train.EpochRecord;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingEngine;
import dev.producttagger.trainer.train.TrainingHistory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Packs a trained network as a model bundle (DESIGN.md): {@code network.json} is the network's
 * configuration as DL4J writes it, {@code weights.bin} its parameters as float32 values, without
 * the updater state, which serving never needs; the manifest says how the network was made and how
 * well it does.
 */
public final class BundleExporter {

  private BundleExporter() {}

  /**
   * The network on its run's validation split, predicting as the test evaluation did.
   *
   * @param accuracy validation accuracy; empty for a refit, which holds no validation images
   * @param reviewThreshold chosen on the validation split by {@link ReviewThreshold} (for a refit,
   *     the one chosen on validation for its recipe's run); empty for none
   */
  public record Validation(OptionalDouble accuracy, OptionalDouble reviewThreshold) {}

  /**
   * The bundle of {@code network}. The bundle predicts as {@code testEvaluation} did: its input
   * states mirror averaging when the evaluation used it.
   *
   * @param history the run that trained the network; the network is the run's best epoch
   * @param testEvaluation the network on the test set: test accuracy and per-class metrics
   */
  public static ModelBundle export(
      MultiLayerNetwork network,
      TrainingHistory history,
      Evaluation testEvaluation,
      Validation validation,
      BundleIdentity identity) {
    if (history.best().isEmpty()) {
      throw new IllegalArgumentException("the run has no finished epoch to export");
    }
    // The trainer's ClassMetrics, not the bundle's of the same name.
    List<String> evaluatedClasses = testEvaluation.classes().stream().map(c -> c.name()).toList();
    if (!evaluatedClasses.equals(FashionCategories.NAMES)) {
      throw new IllegalArgumentException(
          "the evaluation covers " + evaluatedClasses + ", not " + FashionCategories.NAMES);
    }
    byte[] networkJson =
        network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    byte[] weights = WeightsCodec.encode(network.params().toFloatVector());
    BundleManifest manifest =
        new BundleManifest(
            identity.name(),
            identity.version(),
            identity.createdAt(),
            history.config().architectureId(),
            FashionCategories.NAMES,
            testEvaluation.mirrorAveraged()
                ? TrainingInput.SPEC.withMirrorAveraging()
                : TrainingInput.SPEC,
            provenance(history, identity.trainer()),
            metrics(testEvaluation, validation),
            network.numParams(),
            Checksums.sha256Hex(weights),
            Checksums.sha256Hex(networkJson));
    return new ModelBundle(manifest, networkJson, weights);
  }

  /**
   * {@code epochs} is the best epoch, the epochs these weights were trained for; {@code
   * trainingSeconds} is the whole run, including the epochs early stopping needed to find that best
   * one.
   */
  private static Provenance provenance(TrainingHistory history, String trainer) {
    Map<String, String> datasetSha256 = new LinkedHashMap<>();
    // The network was trained on the training files and measured on the test files: all four.
    FashionMnist.FILES.forEach(file -> datasetSha256.put(file.name(), file.sha256()));
    double trainingSeconds = history.epochs().stream().mapToDouble(EpochRecord::seconds).sum();
    TrainingConfig config = history.config();
    return new Provenance(
        datasetSha256,
        config.seed(),
        history.bestEpoch(),
        hyperParameters(config),
        trainingSeconds,
        trainer);
  }

  /**
   * Every setting of the run but the architecture and seed, which the manifest states on their own.
   * A fine-tuning run names its base model and the examples it learnt from instead of a dropout
   * rate and patience: its network keeps the base's layers, and it keeps its last epoch.
   */
  private static Map<String, String> hyperParameters(TrainingConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("maxEpochs", Integer.toString(config.epochs()));
    settings.put("batchSize", Integer.toString(config.batchSize()));
    settings.put("learningRate", Double.toString(config.learningRate()));
    settings.put("learningRateSchedule", config.learningRateSchedule());
    settings.put("augment", config.augment().name());
    if (config.fineTuning() != null) {
      settings.putAll(config.fineTuning().hyperParameters());
    } else {
      settings.put("dropoutRate", Double.toString(config.dropoutRate()));
      if (config.refit()) {
        settings.put("refit", "true");
      } else {
        settings.put("patience", Integer.toString(config.patience()));
      }
    }
    if (config.limitTrain() != null) {
      settings.put(Provenance.LIMIT_TRAIN, Integer.toString(config.limitTrain()));
    }
    if (config.labelSmoothing() > 0) {
      settings.put("labelSmoothing", Double.toString(config.labelSmoothing()));
    }
    if (config.averagedEpochs() > 1) {
      settings.put("averagedEpochs", Integer.toString(config.averagedEpochs()));
    }
    if (config.optimizer() != Optimizer.ADAM) {
      settings.put("optimizer", config.optimizer().name());
    }
    if (config.sharpnessRadius() > 0) {
      settings.put("sharpnessRadius", Double.toString(config.sharpnessRadius()));
    }
    if (config.replicas() > 1) {
      settings.put("replicas", Integer.toString(config.replicas()));
    }
    // Absent from bundles trained before there was a choice, all by DL4J.
    if (config.engine() != TrainingEngine.DL4J) {
      settings.put("engine", config.engine().name());
    }
    if (config.weightDecay() > 0) {
      settings.put("weightDecay", Double.toString(config.weightDecay()));
    }
    Distillation distillation = config.distillation();
    if (distillation != null) {
      settings.put(
          "teacher",
          distillation.teacher() + " (weights sha256 " + distillation.teacherWeightsSha256() + ")");
      settings.put("distillationWeight", Double.toString(distillation.weight()));
      settings.put("distillationTemperature", Double.toString(distillation.temperature()));
    }
    return settings;
  }

  private static Metrics metrics(Evaluation test, Validation validation) {
    List<ClassMetrics> perClass =
        test.classes().stream()
            .map(c -> new ClassMetrics(c.name(), c.precision(), c.recall(), c.f1(), c.support()))
            .toList();
    return new Metrics(
        test.accuracy(),
        orNull(validation.accuracy()),
        perClass,
        orNull(validation.reviewThreshold()));
  }

  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
