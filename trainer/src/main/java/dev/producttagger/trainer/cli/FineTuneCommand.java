package dev.producttagger.trainer.cli;

import dev.producttagger.trainer.finetune.BaseModel;
import dev.producttagger.trainer.finetune.ExampleFile;
import dev.producttagger.trainer.finetune.ExampleFit;
import dev.producttagger.trainer.finetune.ExampleTopic;
import dev.producttagger.trainer.finetune.FineTuneRecipe;
import dev.producttagger.trainer.finetune.FineTuneRun;
import dev.producttagger.trainer.finetune.LoadedExamples;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.FrozenLayers;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "fine-tune",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tunes a served model on reviewers' labelled examples, read from the labelled-examples"
          + " topic or from a file 'examples export' wrote. Each epoch trains on every example and"
          + " --replay-ratio times as many Fashion-MNIST training images, a fresh seeded draw, so"
          + " the model keeps what it knew. The test images are never read here.",
      "The run directory holds checkpoints, history.json and the examples, like a run of 'train';"
          + " the run keeps its last epoch. 'export' makes it a bundle whose manifest names the"
          + " base model and the examples' count, SHA-256 and origin."
    })
final class FineTuneCommand implements Callable<Integer> {

  /**
   * The recipe {@code benchmarks fine-tune-selection} chose on paper-dropout v6 in its fourth round
   * (3 epochs, Adam at 1e-3 on the head alone, replay ratio 4, base weight 0.5), judged on training
   * items held out of the examples and the replay, never on the test set: the best photo accuracy
   * among 53 recipes whose 28x28 accuracy fell by at most 0.2 points
   * (docs/benchmarks/fine-tune-selection.md).
   */
  static final String DEFAULT_LEARNING_RATE = "1e-3";

  /** Replayed images per example: see {@link #DEFAULT_LEARNING_RATE}. */
  static final String DEFAULT_REPLAY_RATIO = "4";

  /**
   * The base's share of the kept weights: see {@link #DEFAULT_LEARNING_RATE}. Without it every
   * recipe tried forgot more than 0.2 points of 28x28 accuracy on the held-out items.
   */
  static final String DEFAULT_BASE_WEIGHT = "0.5";

  /** The base's share of each replayed image's target; 0 replays labels alone. */
  static final String DEFAULT_REPLAY_DISTILLATION = "0";

  /** The layers trained: see {@link #DEFAULT_LEARNING_RATE}. */
  static final String DEFAULT_TUNED_LAYERS = FrozenLayers.HEAD;

  /** Options a resumed run takes from its checkpoint; giving them with --resume is an error. */
  private static final List<String> FIXED_BY_RUN =
      List.of(
          "--from",
          "--examples-file",
          "--bootstrap-servers",
          "--client-config",
          "--timeout-ms",
          "--examples-topic",
          "--learning-rate",
          "--replay-ratio",
          "--base-weight",
          "--replay-distillation",
          "--tuned-layers",
          "--batch-size",
          "--augment",
          "--seed");

  @Spec private CommandSpec spec;

  @Option(
      names = "--from",
      paramLabel = "BUNDLE",
      description = "The served model's bundle to start from, e.g. models/paper-dropout.bundle.")
  private Path from;

  /** The examples: from the topic or from a file, never both. */
  static final class ExamplesSource {
    @ArgGroup(exclusive = false, multiplicity = "1")
    ExamplesTopicOptions topic;

    @Option(
        names = "--examples-file",
        required = true,
        paramLabel = "FILE",
        description =
            "Examples as JSON lines, as 'trainer examples export' writes them, instead of the"
                + " topic.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private ExamplesSource examples;

  @Mixin private TrainingRunOptions runOptions;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs to train; with --resume, the new total (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(
      names = "--learning-rate",
      defaultValue = DEFAULT_LEARNING_RATE,
      description = "Adam's learning rate, constant (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(
      names = "--replay-ratio",
      paramLabel = "R",
      defaultValue = DEFAULT_REPLAY_RATIO,
      description =
          "Fashion-MNIST training images replayed per example each epoch, 0 for none (default:"
              + " ${DEFAULT-VALUE}).")
  private double replayRatio;

  @Option(
      names = "--base-weight",
      paramLabel = "W",
      defaultValue = DEFAULT_BASE_WEIGHT,
      description =
          "The base's share of the kept weights: after the last epoch each weight becomes W x"
              + " base + (1 - W) x fine-tuned, in [0, 1); 0 keeps the last epoch (default:"
              + " ${DEFAULT-VALUE}).")
  private double baseWeight;

  @Option(
      names = "--replay-distillation",
      paramLabel = "W",
      defaultValue = DEFAULT_REPLAY_DISTILLATION,
      description =
          "The base's share of each replayed image's target, in [0, 1]: (1 - W) x label + W x the"
              + " base's probabilities for the image, so the replay keeps more of what the base"
              + " knew; the examples keep their labels (default: ${DEFAULT-VALUE}).")
  private double replayDistillation;

  @Option(
      names = "--tuned-layers",
      split = ",",
      paramLabel = "LAYER",
      defaultValue = DEFAULT_TUNED_LAYERS,
      description =
          "The layers to train: 'all', 'head' (the layers after the last convolution) or their"
              + " names, such as conv1,conv2 ('trainer fine-tune' logs the network's); every other"
              + " one keeps the base's weights (default: ${DEFAULT-VALUE}).")
  private List<String> tunedLayers;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description =
          "Images per minibatch, examples and replayed images shuffled together (default:"
              + " ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--augment",
      description =
          "NONE, FLIP, SHIFT_AND_FLIP or FLIP_AND_ERASE, as for 'train' (default: FLIP for a base"
              + " bundle that predicts mirror averaged, else NONE).")
  private Augmentation augment;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seeds the replayed images, shuffling, augmentation and dropout (default:"
              + " ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = runOptions.run();
    FineTuneRun.Outcome outcome;
    if (runOptions.resume()) {
      runOptions.rejectFixed(FIXED_BY_RUN);
      TrainingConfig saved = run.checkpointHistory().config();
      outcome =
          FineTuneRun.resume(
              run, runOptions.plannedEpochs(epochs, saved), runOptions.trainingImages());
    } else {
      FineTuneRecipe recipe = recipe();
      Path base = baseBundle();
      LoadedExamples loaded = examples();
      FineTuneRun fineTuneRun;
      try {
        fineTuneRun = FineTuneRun.prepare(run, base, loaded, recipe, runOptions.trainingImages());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      outcome = fineTuneRun.train();
    }
    report(run, outcome);
    return 0;
  }

  private FineTuneRecipe recipe() {
    try {
      return new FineTuneRecipe(
          epochs,
          batchSize,
          learningRate,
          replayRatio,
          baseWeight,
          replayDistillation,
          tunedLayers,
          augment,
          seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Path baseBundle() {
    if (from == null) {
      throw new ParameterException(
          spec.commandLine(), "give the served model to start from with --from BUNDLE");
    }
    if (!Files.isRegularFile(from)) {
      throw new ParameterException(spec.commandLine(), "--from " + from + ": no such bundle file");
    }
    return from;
  }

  private LoadedExamples examples() throws IOException {
    if (examples == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give the examples: --bootstrap-servers (with --examples-topic, default "
              + ExamplesTopicOptions.DEFAULT_TOPIC
              + ") or --examples-file");
    }
    if (examples.file != null) {
      return ExampleFile.read(examples.file);
    }
    try {
      return ExampleTopic.read(examples.topic.connection(), examples.topic.topic);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void report(RunDirectory run, FineTuneRun.Outcome outcome) {
    TrainingHistory history = outcome.history();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s: %d epochs done, keeping epoch %d, history in %s%n",
        history.stopReason() == null ? "stopped" : history.stopReason(),
        history.completedEpochs(),
        history.bestEpoch(),
        run.historyFile());
    ExampleFit before = outcome.before();
    ExampleFit after = outcome.after();
    int count = history.config().fineTuning().exampleCount();
    out.println(
        before == null
            ? String.format(
                Locale.ROOT,
                "on its %d examples: loss %.4f, accuracy %.4f (the examples it trains on)",
                count,
                after.loss(),
                after.accuracy())
            : String.format(
                Locale.ROOT,
                "on its %d examples: loss %.4f -> %.4f, accuracy %.4f -> %.4f (the examples it"
                    + " trains on)",
                count,
                before.loss(),
                after.loss(),
                before.accuracy(),
                after.accuracy()));
    BaseModel base = history.config().fineTuning().base();
    String name = base.model().name();
    long nextVersion = base.model().version() + 1;
    out.printf(
        "measure and pack it with: bin/trainer export --run-dir %s --name %s --version %d --out"
            + " %s-v%d.bundle%s%n",
        run.root(),
        name,
        nextVersion,
        name,
        nextVersion,
        base.mirrorAveraged() ? " --mirror-averaging" : "");
  }
}
