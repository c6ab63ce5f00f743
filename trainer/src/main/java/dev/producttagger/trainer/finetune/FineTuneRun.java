package dev.producttagger.trainer.finetune;

import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.network.BundleNetworks;
import dev.producttagger.runtime.network.UnbuildableNetworkException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.trainer.bundle.FashionBundleFiles;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.train.FrozenLayers;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.RunDirectoryException;
import dev.producttagger.trainer.train.Trainer;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fine-tuning run: a served bundle's network trained further on reviewers' labelled examples
 * mixed with replayed training images, by the trainer's own loop, so it has the same progress bar,
 * per-epoch checkpoints, resume, history and export as a run of {@code train}. It keeps its last
 * epoch: it holds no validation split (every reviewer's decision is worth learning from, and too
 * few are held out to choose between epochs by), and the test images are never read here.
 */
public final class FineTuneRun {

  private static final Logger LOG = LoggerFactory.getLogger(FineTuneRun.class);

  /**
   * A finished (or stopped) run and how it fits its examples.
   *
   * @param before the base network on the examples; null for a resumed run, which no longer has it
   * @param after the run's last epoch on the examples
   */
  public record Outcome(TrainingHistory history, ExampleFit before, ExampleFit after) {}

  /** A run ready to start: everything checked and built, nothing written yet. */
  private record Plan(
      RunDirectory run,
      TrainingConfig config,
      MultiLayerNetwork network,
      LoadedExamples loaded,
      ReplayMix mix) {}

  private final Plan plan;

  private FineTuneRun(Plan plan) {
    this.plan = plan;
  }

  /**
   * A new run in an empty run directory, ready to fine-tune the network of the bundle in {@code
   * baseFile}; nothing is written yet.
   *
   * @param trainingImages the Fashion-MNIST training images to replay from
   * @throws IOException if the bundle cannot be used or the run directory already holds a run
   * @throws IllegalArgumentException if the replay ratio asks for more images than there are, or a
   *     tuned layer is not in the network
   */
  public static FineTuneRun prepare(
      RunDirectory run,
      Path baseFile,
      LoadedExamples loaded,
      FineTuneRecipe recipe,
      LabelledImages trainingImages)
      throws IOException {
    Trainer.refuseExistingRun(run);
    ModelBundle bundle = FashionBundleFiles.read(baseFile, "base bundle");
    ExampleSet examples = loaded.examples();
    MultiLayerNetwork base = baseNetwork(bundle, baseFile);
    FineTuning fineTuning =
        new FineTuning(
            BaseModel.of(baseFile, bundle),
            recipe.replayRatio(),
            recipe.baseWeight(),
            recipe.replayDistillation(),
            FrozenLayers.resolve(base, recipe.tunedLayers()),
            examples.size(),
            examples.sha256(),
            loaded.origin());
    TrainingConfig config = recipe.config(fineTuning);
    ReplayMix mix = mix(examples.images(), trainingImages, config);
    return new FineTuneRun(new Plan(run, config, trainable(base, config), loaded, mix));
  }

  /** Trains every planned epoch, checkpointing each, after storing the examples in the run. */
  public Outcome train() throws IOException {
    ExampleSet examples = plan.loaded().examples();
    LabelledImages exampleImages = examples.images();
    ExampleFit before = ExampleFit.of(plan.network(), exampleImages);
    FineTuning fineTuning = plan.config().fineTuning();
    LOG.info(
        "fine-tuning {} on {} examples from {} (sha256 {}) with {} replayed training images per"
            + " epoch; on the examples it starts at loss {}, accuracy {}",
        fineTuning.base().describe(),
        examples.size(),
        plan.loaded().origin().describe(),
        fineTuning.examplesSha256(),
        plan.mix().replayedPerEpoch(),
        String.format("%.4f", before.loss()),
        String.format("%.4f", before.accuracy()));
    // Stored before the first epoch, so that a run killed at any point resumes from these.
    ExampleFile.write(plan.run().examplesFile(), examples);
    INDArray baseWeights = plan.network().params().dup();
    TrainingHistory history =
        Trainer.startFrom(plan.run(), plan.config(), plan.network(), plan.mix());
    MultiLayerNetwork kept = keep(plan.run(), history, plan.network(), () -> baseWeights);
    return new Outcome(history, before, ExampleFit.of(kept, exampleImages));
  }

  /**
   * Continues the fine-tuning run in {@code run} from its last checkpoint, on the examples it
   * stored, planned for {@code plannedEpochs} in all.
   *
   * @throws IOException if the run is not a fine-tuning run or its examples file has changed
   */
  public static Outcome resume(RunDirectory run, int plannedEpochs, LabelledImages trainingImages)
      throws IOException {
    TrainingConfig config = run.checkpointHistory().config();
    Trainer.requireFineTuning(run, config, true);
    FineTuning fineTuning = config.fineTuning();
    ExampleSet examples = ExampleFile.read(run.examplesFile()).examples();
    if (!examples.sha256().equals(fineTuning.examplesSha256())) {
      throw new RunDirectoryException(
          run.examplesFile()
              + " no longer holds the examples the run started with (sha256 "
              + fineTuning.examplesSha256()
              + ")");
    }
    LabelledImages exampleImages = examples.images();
    ReplayMix mix = mix(exampleImages, trainingImages, config);
    TrainingHistory history = Trainer.resume(run, plannedEpochs, mix);
    MultiLayerNetwork kept =
        keep(run, history, run.loadCheckpoint().network(), () -> baseWeights(fineTuning.base()));
    return new Outcome(history, null, ExampleFit.of(kept, exampleImages));
  }

  /**
   * The run's epochs: the examples with replayed training images, taught by the base too when the
   * run distils its replay (the base's probabilities for every training image, computed once).
   */
  private static ReplayMix mix(
      LabelledImages examples, LabelledImages trainingImages, TrainingConfig config)
      throws IOException {
    FineTuning fineTuning = config.fineTuning();
    TeacherTargets baseTargets = null;
    if (fineTuning.replayDistillation() > 0 && fineTuning.replayRatio() > 0) {
      BaseModel base = fineTuning.base();
      baseTargets =
          TeacherTargets.compute(
              new Distillation(
                  base.bundle(),
                  base.describe(),
                  base.model().sha256(),
                  fineTuning.replayDistillation(),
                  1),
              trainingImages);
    }
    return new ReplayMix(
        examples, trainingImages, fineTuning.replayRatio(), baseTargets, config.seed());
  }

  /**
   * The network a finished run keeps, written as its best model for export: the last epoch, or with
   * a base weight w, every weight as w times the base's plus (1 - w) times the last epoch's
   * (weight-space ensembling, Wortsman et al. 2022, "Robust fine-tuning of zero-shot models"): the
   * average keeps more of what the base knew than the last epoch alone, for a part of what the
   * examples taught. The checkpoint keeps the last epoch itself, so a resumed run averages again
   * from the same weights.
   */
  private static MultiLayerNetwork keep(
      RunDirectory run, TrainingHistory history, MultiLayerNetwork lastEpoch, BaseWeights base)
      throws IOException {
    double baseWeight = history.config().fineTuning().baseWeight();
    if (history.stopReason() == null || baseWeight == 0) {
      return lastEpoch;
    }
    MultiLayerNetwork kept = averaged(lastEpoch, base.read(), baseWeight);
    run.saveBestModel(kept);
    LOG.info("kept {} x the base's weights + {} x the last epoch's", baseWeight, 1 - baseWeight);
    return kept;
  }

  /**
   * A copy of {@code lastEpoch} whose weights are {@code baseWeight} times {@code base} plus {@code
   * 1 - baseWeight} times its own: what a run with that base weight keeps.
   */
  public static MultiLayerNetwork averaged(
      MultiLayerNetwork lastEpoch, INDArray base, double baseWeight) {
    FineTuning.checkBaseWeight(baseWeight);
    MultiLayerNetwork kept = lastEpoch.clone();
    kept.setParams(lastEpoch.params().mul(1 - baseWeight).addi(base.mul(baseWeight)));
    return kept;
  }

  /** The base's weights, read only when a run averages with them. */
  private interface BaseWeights {
    INDArray read() throws IOException;
  }

  /** The base bundle's weights, refused if the file no longer holds those the run started from. */
  private static INDArray baseWeights(BaseModel base) throws IOException {
    Path file = Path.of(base.bundle());
    ModelBundle bundle = FashionBundleFiles.read(file, "base bundle");
    if (!bundle.manifest().weightsSha256().equals(base.model().sha256())) {
      throw new RunDirectoryException(
          file
              + " no longer holds "
              + base.describe()
              + " (weights sha256 "
              + base.model().sha256()
              + "), the weights the run started from");
    }
    return baseNetwork(bundle, file).params();
  }

  private static MultiLayerNetwork baseNetwork(ModelBundle bundle, Path file) throws IOException {
    try {
      return BundleNetworks.build(bundle);
    } catch (UnbuildableNetworkException e) {
      throw new IOException("base bundle " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The base network with its weights, to be trained by Adam at the run's learning rate. A bundle
   * keeps no updater state, so Adam starts with fresh moments; Adam rather than whatever trained
   * the base, so that one small learning rate suits every base.
   */
  private static MultiLayerNetwork trainable(MultiLayerNetwork base, TrainingConfig config) {
    return new TransferLearning.Builder(base)
        .fineTuneConfiguration(
            new FineTuneConfiguration.Builder()
                .updater(config.optimizer().updater(config.learningRate()))
                .build())
        .build();
  }
}
