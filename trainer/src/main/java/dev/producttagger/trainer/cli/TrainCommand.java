package dev.producttagger.trainer.cli;

import dev.producttagger.trainer.data.StratifiedSplit;
import dev.producttagger.trainer.distill.Distillation;
import dev.producttagger.trainer.distill.TeacherTargets;
import dev.producttagger.trainer.model.Architecture;
import dev.producttagger.trainer.model.Optimizer;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.Trainer;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingEngine;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Trains a network on the stratified 48,000/12,000 train/validation split of the"
            + " Fashion-MNIST training images (with --refit, on all 60,000), checkpointing every"
            + " epoch into the run directory. The test images are never read here.")
final class TrainCommand implements Callable<Integer> {

  /** Options a resumed run takes from its checkpoint; giving them with --resume is an error. */
  private static final List<String> FIXED_BY_RUN =
      List.of(
          "--architecture",
          "--batch-size",
          "--learning-rate",
          "--lr-schedule",
          "--dropout",
          "--augment",
          "--seed",
          "--patience",
          "--limit-train",
          "--label-smoothing",
          "--average-epochs",
          "--teacher",
          "--distillation-weight",
          "--distillation-temperature",
          "--weight-decay",
          "--optimizer",
          "--sharpness-radius",
          "--refit",
          "--replicas",
          "--engine");

  private static final List<String> DISTILLATION_SETTINGS =
      List.of("--distillation-weight", "--distillation-temperature");

  @Spec private CommandSpec spec;

  @Option(
      names = "--architecture",
      defaultValue = "PAPER_DROPOUT",
      description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private Architecture architecture;

  @Option(
      names = "--epochs",
      defaultValue = "30",
      description =
          "Most epochs to train; with --resume, the new total (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "Images per minibatch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.001",
      description =
          "The optimizer's initial learning rate (default: ${DEFAULT-VALUE}, for Adam; NESTEROV"
              + " wants some 25x more, e.g. 0.05).")
  private double learningRate;

  @Option(
      names = "--lr-schedule",
      defaultValue = "constant",
      description =
          "constant, step:EVERY:FACTOR (e.g. step:5:0.5) or cosine[:FLOOR] (default:"
              + " ${DEFAULT-VALUE}).")
  private String learningRateSchedule;

  @Option(
      names = "--dropout",
      description =
          "Dropout rate, the fraction dropped (default: the architecture's, 0.3 for PAPER_DROPOUT,"
              + " 0.25 for BATCHNORM_CNN and BATCHNORM_VGG).")
  private Double dropoutRate;

  @Option(
      names = "--augment",
      arity = "0..1",
      defaultValue = "NONE",
      fallbackValue = "SHIFT_AND_FLIP",
      description =
          "NONE; FLIP: flip training images horizontally half the time; SHIFT_AND_FLIP (the value"
              + " of a bare --augment): also shift them by up to 2 pixels; FLIP_AND_ERASE: flip,"
              + " then replace a random rectangle of 2-40%% of half the images with noise"
              + " (default: ${DEFAULT-VALUE}).")
  private Augmentation augment;

  @Option(
      names = "--label-smoothing",
      defaultValue = "0",
      description =
          "Spread this share of each training label evenly over all classes, e.g. 0.1 (default:"
              + " ${DEFAULT-VALUE}, plain one-hot labels).")
  private double labelSmoothing;

  @Option(
      names = "--average-epochs",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "Stochastic weight averaging: after the last epoch, use the mean of the weights at the"
              + " ends of the last K epochs (default: ${DEFAULT-VALUE}, no averaging).")
  private int averagedEpochs;

  @Option(
      names = "--weight-decay",
      defaultValue = "0",
      description =
          "Decoupled weight decay (AdamW's): after each step every weight shrinks by learning"
              + " rate x this, e.g. 0.05 with Adam or 0.0005 with NESTEROV (default:"
              + " ${DEFAULT-VALUE}, none).")
  private double weightDecay;

  @Option(
      names = "--optimizer",
      defaultValue = "ADAM",
      description =
          "One of ${COMPLETION-CANDIDATES}: Adam as the paper, or SGD with Nesterov momentum 0.9"
              + " (default: ${DEFAULT-VALUE}).")
  private Optimizer optimizer;

  @Option(
      names = "--sharpness-radius",
      paramLabel = "RHO",
      defaultValue = "0",
      description =
          "Sharpness-aware minimisation: step along the gradient taken RHO away from the weights,"
              + " uphill, e.g. 0.05; doubles the time per epoch (default: ${DEFAULT-VALUE}, off).")
  private double sharpnessRadius;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Split each minibatch in N equal parts and train them at once, the network and N-1"
              + " copies on a thread each, averaging their gradients; with OMP_NUM_THREADS=1,"
              + " --replicas 2 trains faster on two cores than one network does (default:"
              + " ${DEFAULT-VALUE}).")
  private int replicas;

  @Option(
      names = "--engine",
      description =
          "What computes each step: ${COMPLETION-CANDIDATES}. BLAS computes it with OpenBLAS"
              + " matrix products and plain Java, SAMEDIFF with one SameDiff graph of the same"
              + " layers, both channels last and with --replicas too; neither combines with"
              + " --sharpness-radius (default: BLAS, which trains every architecture fastest; DL4J"
              + " with --sharpness-radius).")
  private TrainingEngine engine;

  @Option(
      names = "--teacher",
      paramLabel = "BUNDLE",
      description =
          "Knowledge distillation: mix this model bundle's class probabilities for each training"
              + " image into its target, e.g. models/batchnorm-vgg.bundle (default: none).")
  private Path teacher;

  @Option(
      names = "--distillation-weight",
      paramLabel = "W",
      defaultValue = "0.5",
      description =
          "With --teacher: each target is (1 - W) x label + W x teacher (default:"
              + " ${DEFAULT-VALUE}).")
  private double distillationWeight;

  @Option(
      names = "--distillation-temperature",
      paramLabel = "T",
      defaultValue = "1",
      description =
          "With --teacher: soften the teacher's probabilities as a softmax of its logits / T"
              + " (default: ${DEFAULT-VALUE}, as they are).")
  private double distillationTemperature;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seeds the split, initial weights, shuffling, augmentation and dropout (default:"
              + " ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--patience",
      defaultValue = "5",
      description =
          "Stop after this many epochs without a lower validation loss (default:"
              + " ${DEFAULT-VALUE}).")
  private int patience;

  @Option(
      names = "--refit",
      description =
          "Train on all the training images, holding none out: no validation and no early"
              + " stopping, the last epoch is kept. For the final fit of a recipe whose epochs"
              + " were chosen on the validation split.")
  private boolean refit;

  @Mixin private TrainingRunOptions runOptions;

  @Option(
      names = "--limit-train",
      paramLabel = "N",
      description =
          "Use only N of the 60,000 training images (a stratified sample, then split 80/20), for"
              + " tiny runs.")
  private Integer limitTrain;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = runOptions.run();
    TrainingHistory history;
    if (runOptions.resume()) {
      runOptions.rejectFixed(FIXED_BY_RUN);
      TrainingConfig saved = run.checkpointHistory().config();
      history =
          Trainer.resume(
              run,
              runOptions.plannedEpochs(epochs, saved),
              saved.split(runOptions.trainingImages()));
    } else {
      TrainingConfig config = newConfig();
      StratifiedSplit split = config.split(runOptions.trainingImages());
      history = Trainer.start(run, config, split);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %d epochs done, best epoch %d, history in %s%n",
            history.stopReason() == null ? "stopped" : history.stopReason(),
            history.completedEpochs(),
            history.bestEpoch(),
            run.historyFile());
    return 0;
  }

  private TrainingConfig newConfig() throws IOException {
    if (refit && spec.commandLine().getParseResult().hasMatchedOption("--patience")) {
      throw new ParameterException(
          spec.commandLine(),
          "--patience has no effect with --refit: a refit has no validation loss to stop on");
    }
    double dropout = dropoutRate == null ? architecture.defaultDropoutRate() : dropoutRate;
    try {
      return new TrainingConfig(
          architecture,
          epochs,
          batchSize,
          learningRate,
          learningRateSchedule,
          dropout,
          augment,
          seed,
          patience,
          limitTrain,
          labelSmoothing,
          averagedEpochs,
          distillation(),
          weightDecay,
          optimizer,
          sharpnessRadius,
          refit,
          null,
          replicas,
          engine == null ? TrainingEngine.defaultFor(sharpnessRadius) : engine);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Distillation distillation() throws IOException {
    if (teacher == null) {
      for (String option : DISTILLATION_SETTINGS) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new ParameterException(spec.commandLine(), option + " needs --teacher");
        }
      }
      return null;
    }
    if (!Files.isRegularFile(teacher)) {
      throw new ParameterException(
          spec.commandLine(), "--teacher " + teacher + ": no such bundle file");
    }
    return TeacherTargets.describe(
        teacher.toAbsolutePath().normalize(),
        distillationWeight,
        distillationTemperature,
        seed,
        limitTrain,
        refit);
  }
}
