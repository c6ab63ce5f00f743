package dev.producttagger.benchmarks.loop;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.Prediction;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.runtime.network.BundleNetworks;
import dev.producttagger.runtime.network.UnbuildableNetworkException;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.tagger.topology.TagDecision;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.trainer.eval.Evaluator;
import dev.producttagger.trainer.finetune.ExampleFile;
import dev.producttagger.trainer.finetune.ExampleSet;
import dev.producttagger.trainer.finetune.FineTuneRecipe;
import dev.producttagger.trainer.finetune.FineTuneRun;
import dev.producttagger.trainer.finetune.LoadedExamples;
import dev.producttagger.trainer.train.Augmentation;
import dev.producttagger.trainer.train.EpochRecord;
import dev.producttagger.trainer.train.RunDirectory;
import dev.producttagger.trainer.train.TrainingConfig;
import dev.producttagger.trainer.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Chooses {@code trainer fine-tune}'s recipe on validation data only, the way the review loop uses
 * it: the serving model's low-confidence seller photos of training items become labelled examples,
 * each candidate recipe fine-tunes on them, and each result is measured on training items held out
 * of everything (never an example, never replayed), as 28x28 images and as seller photos. The test
 * set is never read here. The rule chooses the candidate with the best validation photo accuracy
 * among those whose validation 28x28 accuracy falls by at most a set number of points.
 *
 * <p>A candidate's base weight is applied after training ({@link FineTuneRun#averaged}, the code a
 * fine-tuning run keeps its model with), so candidates that differ only in it share one run. Runs
 * are kept in the work directory under their recipe, and a later invocation with the same directory
 * reuses every finished one and continues an interrupted one.
 *
 * <p>The held-out items were in the serving model's own training set when it was refit on all of
 * them, so their 28x28 accuracy is its training accuracy: a fall in it measures what fine-tuning
 * forgets, not the test accuracy it will have.
 */
public final class FineTuneSelection {

  private static final int BATCH_SIZE = 64;
  private static final int PREDICT_BATCH = 256;

  /**
   * One recipe to try, written {@code
   * EPOCHS:LEARNING_RATE:REPLAY_RATIO[:AUGMENTATION[:BASE_WEIGHT[:REPLAY_DISTILLATION[:LAYERS]]]]},
   * such as {@code 3:1e-4:8}, {@code 3:1e-4:8:FLIP}, {@code 3:1e-4:8:-:0.5}, {@code 3:1e-4:8:-:0:1}
   * or {@code 3:1e-3:4:-:0:0:conv1+conv2}: without an augmentation, or with {@code -}, fine-tune's
   * default; without a base weight or a replay distillation weight, 0; without layers, or with
   * {@code -}, all of them tuned, else the tuned layers joined by {@code +}.
   */
  public record Candidate(
      int epochs,
      double learningRate,
      double replayRatio,
      Augmentation augment,
      double baseWeight,
      double replayDistillation,
      List<String> tunedLayers) {

    private static final String DEFAULT = "-";
    private static final String LAYER_SEPARATOR = "+";

    public Candidate {
      tunedLayers = List.copyOf(tunedLayers);
    }

    public static Candidate parse(String spec) {
      String[] parts = spec.split(":", -1);
      if (parts.length < 3 || parts.length > 7) {
        throw new IllegalArgumentException(
            "a candidate is EPOCHS:LEARNING_RATE:REPLAY_RATIO[:AUGMENTATION[:BASE_WEIGHT"
                + "[:REPLAY_DISTILLATION[:LAYERS]]]], such as 3:1e-4:8, 3:1e-4:8:-:0.5 or"
                + " 3:1e-3:4:-:0:0:conv1+conv2, not '"
                + spec
                + "'");
      }
      try {
        Augmentation augment =
            parts.length < 4 || parts[3].equals(DEFAULT)
                ? null
                : Augmentation.valueOf(parts[3].toUpperCase(Locale.ROOT));
        return new Candidate(
            Integer.parseInt(parts[0]),
            Double.parseDouble(parts[1]),
            Double.parseDouble(parts[2]),
            augment,
            parts.length >= 5 ? Double.parseDouble(parts[4]) : 0,
            parts.length >= 6 ? Double.parseDouble(parts[5]) : 0,
            parts.length < 7 || parts[6].equals(DEFAULT)
                ? List.of()
                : List.of(parts[6].split(Pattern.quote(LAYER_SEPARATOR), -1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "candidate '"
                + spec
                + "': "
                + e.getMessage()
                + " (augmentations: "
                + Arrays.toString(Augmentation.values())
                + ")",
            e);
      }
    }

    /**
     * The same recipe with no base weight: what is trained. The average with the base is taken
     * after training, so one run serves every base weight.
     */
    Candidate trained() {
      return new Candidate(
          epochs, learningRate, replayRatio, augment, 0, replayDistillation, tunedLayers);
    }

    FineTuneRecipe recipe(long seed) {
      return new FineTuneRecipe(
          epochs,
          BATCH_SIZE,
          learningRate,
          replayRatio,
          baseWeight,
          replayDistillation,
          tunedLayers,
          augment,
          seed);
    }

    /** Whether {@code config} is a fine-tuning run of this recipe, its epochs aside. */
    boolean describes(TrainingConfig config) {
      return config.fineTuning() != null
          && config.learningRate() == learningRate
          && config.fineTuning().replayRatio() == replayRatio
          && config.fineTuning().baseWeight() == baseWeight
          && config.fineTuning().replayDistillation() == replayDistillation
          && config.fineTuning().tunedLayers().equals(tunedLayers)
          && (augment == null || augment == config.augment());
    }

    /**
     * As parsed, with numbers written plainly and trailing defaults left off: {@code 3:0.0001:8},
     * {@code 3:0.0001:8:-:0.5}, {@code 3:0.0001:8:-:0:1} or {@code 3:0.001:4:-:0:0:conv1+conv2}.
     */
    public String spec() {
      List<String> fields =
          List.of(
              Integer.toString(epochs),
              plain(learningRate),
              plain(replayRatio),
              augment == null ? DEFAULT : augment.name(),
              plain(baseWeight),
              plain(replayDistillation),
              tunedLayers.isEmpty() ? DEFAULT : String.join(LAYER_SEPARATOR, tunedLayers));
      List<String> defaults = List.of("", "", "", DEFAULT, "0", "0", DEFAULT);
      int length = fields.size();
      while (length > 3 && fields.get(length - 1).equals(defaults.get(length - 1))) {
        length--;
      }
      return String.join(":", fields.subList(0, length));
    }

    private static String plain(double value) {
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * @param examplePhotos training items photographed; the serving model's low-confidence ones
   *     become the examples
   * @param maxExamples the most examples kept, as the loop's reviewer decides at most so many
   * @param validationItems training items held out of everything, to measure on
   * @param maxGray8Drop the most points the held-out items' 28x28 accuracy may fall
   */
  public record Settings(
      Path bundle,
      Path dataDirectory,
      Path workDirectory,
      int examplePhotos,
      int maxExamples,
      int validationItems,
      List<Candidate> candidates,
      double maxGray8Drop,
      long seed) {

    public Settings {
      candidates = List.copyOf(candidates);
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("give at least one candidate");
      }
      if (examplePhotos < 1 || maxExamples < 1 || validationItems < 1) {
        throw new IllegalArgumentException("photo, example and item counts must be at least 1");
      }
      if (examplePhotos + validationItems > 60_000) {
        throw new IllegalArgumentException(
            "--example-photos and --validation-items take at most 60,000 training items");
      }
    }
  }

  /** One candidate's fine-tuned model on the held-out items. */
  public record Result(Candidate candidate, double trainingSeconds, PhotoAccuracy validation) {}

  /** The base on the held-out items, every candidate, and the one the rule chose, if any. */
  public record Summary(
      String base,
      int examples,
      int validationItems,
      double maxGray8Drop,
      PhotoAccuracy baseValidation,
      List<Result> results,
      Optional<Candidate> chosen) {}

  private FineTuneSelection() {}

  public static Summary run(Settings settings, PrintWriter console)
      throws IOException, ModelRejectedException, UnbuildableNetworkException {
    LabelledImages train = FashionMnist.loadTrain(settings.dataDirectory());
    int[] order = ReviewLoop.shuffled(train.size(), settings.seed());
    int replayed = train.size() - settings.validationItems();
    LabelledImages validation = train.select(Arrays.copyOfRange(order, replayed, train.size()));
    LabelledImages replay = train.select(Arrays.copyOf(order, replayed));
    ModelBundle baseBundle =
        ModelBundle.read(settings.bundle(), ModelTopic.LIMITS, Optional.empty());
    ServingModel base = new ModelLoader(FashionCategories.NAMES).load(baseBundle);
    INDArray baseWeights = BundleNetworks.build(baseBundle).params();
    Files.createDirectories(settings.workDirectory());

    LoadedExamples examples =
        examples(base, train.select(Arrays.copyOf(order, settings.examplePhotos())), settings);
    console.printf(
        "%,d of %,d seller photos of training items fall below %s v%d's review threshold;"
            + " %,d training items held out to measure on%n",
        examples.examples().size(),
        settings.examplePhotos(),
        base.ref().name(),
        base.ref().version(),
        settings.validationItems());
    PhotoAccuracy.Items heldOut =
        PhotoAccuracy.Items.of(
            validation,
            validation.size(),
            ReviewLoop.PHOTO_WIDTH,
            ReviewLoop.PHOTO_HEIGHT,
            settings.seed() + 2);
    PhotoAccuracy baseValidation = PhotoAccuracy.measure(base.predictor(), heldOut);
    console.printf(
        "base on the held-out items: 28x28 %.4f, photos %.4f%n",
        baseValidation.gray8Accuracy(), baseValidation.photoAccuracy());
    console.flush();

    List<Result> results = new ArrayList<>();
    for (int i = 0; i < settings.candidates().size(); i++) {
      Candidate candidate = settings.candidates().get(i);
      console.printf(
          "candidate %d of %d: %s%n", i + 1, settings.candidates().size(), candidate.spec());
      console.flush();
      Candidate trained = candidate.trained();
      RunDirectory run =
          new RunDirectory(
              settings.workDirectory().resolve("run-" + trained.spec().replace(':', '_')));
      TrainingHistory history = fineTune(run, trained, examples, replay, settings);
      MultiLayerNetwork kept =
          FineTuneRun.averaged(run.loadCheckpoint().network(), baseWeights, candidate.baseWeight());
      PhotoAccuracy measured =
          PhotoAccuracy.measure(
              Evaluator.predictor(kept, base.manifest().input().mirrorAveraged()), heldOut);
      Result result =
          new Result(
              candidate,
              history.epochs().stream().mapToDouble(EpochRecord::seconds).sum(),
              measured);
      results.add(result);
      console.printf(
          "  held-out 28x28 %.4f, photos %.4f%n",
          measured.gray8Accuracy(), measured.photoAccuracy());
      console.flush();
    }
    return new Summary(
        base.ref().name() + " v" + base.ref().version(),
        examples.examples().size(),
        settings.validationItems(),
        settings.maxGray8Drop(),
        baseValidation,
        results,
        choose(baseValidation, results, settings.maxGray8Drop()));
  }

  /**
   * The rule: among the candidates whose held-out 28x28 accuracy fell by at most {@code
   * maxGray8Drop} points, the one with the best held-out photo accuracy; on a tie, the one listed
   * first.
   */
  static Optional<Candidate> choose(
      PhotoAccuracy baseValidation, List<Result> results, double maxGray8Drop) {
    Result chosen = null;
    for (Result result : results) {
      boolean keepsWhatItKnew = gray8Drop(baseValidation, result) <= maxGray8Drop + 1e-9;
      if (keepsWhatItKnew
          && (chosen == null
              || result.validation().photoAccuracy() > chosen.validation().photoAccuracy())) {
        chosen = result;
      }
    }
    return Optional.ofNullable(chosen).map(Result::candidate);
  }

  private static double gray8Drop(PhotoAccuracy baseValidation, Result result) {
    return 100 * (baseValidation.gray8Accuracy() - result.validation().gray8Accuracy());
  }

  /**
   * The serving model's input for each photo it would send to review, by the tagger's own rule and
   * threshold, labelled with the item's class as the loop's reviewer labels it; at most {@code
   * maxExamples}, in item order. A photo the preprocessor refuses is dead-lettered by the tagger
   * and never reaches a reviewer.
   */
  private static LoadedExamples examples(ServingModel base, LabelledImages items, Settings settings)
      throws IOException {
    double threshold = TaggerSettings.defaults().thresholdFor(base);
    PhotoAccuracy.Items photos =
        PhotoAccuracy.Items.of(
            items, items.size(), ReviewLoop.PHOTO_WIDTH, ReviewLoop.PHOTO_HEIGHT, settings.seed());
    List<LabelledExample> examples = new ArrayList<>();
    Instant decidedAt = Instant.now();
    for (int from = 0;
        from < photos.photos().size() && examples.size() < settings.maxExamples();
        from += PREDICT_BATCH) {
      List<Prediction> predictions =
          base.predict(
              photos
                  .photos()
                  .subList(from, Math.min(photos.photos().size(), from + PREDICT_BATCH)));
      for (int i = 0; i < predictions.size() && examples.size() < settings.maxExamples(); i++) {
        if (TagDecision.needsReview(predictions.get(i), threshold)) {
          int item = photos.photoIndex().get(from + i);
          int label = items.label(item);
          examples.add(
              new LabelledExample(
                  LabelledExample.CURRENT_SCHEMA_VERSION,
                  UUID.nameUUIDFromBytes(
                          ("fine-tune-selection item " + item).getBytes(StandardCharsets.UTF_8))
                      .toString(),
                  String.format(Locale.ROOT, "item-%05d", item),
                  photos.photos().get(from + i).pixels(),
                  new Category(label, FashionCategories.NAMES.get(label)),
                  "selection",
                  decidedAt,
                  base.ref()));
        }
      }
    }
    ExampleSet made = ExampleSet.of(examples);
    Path file = settings.workDirectory().resolve("examples.jsonl");
    if (!Files.exists(file)) {
      ExampleFile.write(file, made);
    }
    LoadedExamples stored = ExampleFile.read(file);
    if (!stored.examples().sha256().equals(made.sha256())) {
      throw new IOException(
          file + " holds other examples than these settings make; use a new --work-dir");
    }
    return stored;
  }

  /**
   * The candidate's finished run: trained now, continued from its last checkpoint after an
   * interruption, or as a previous invocation left it.
   */
  private static TrainingHistory fineTune(
      RunDirectory run,
      Candidate candidate,
      LoadedExamples examples,
      LabelledImages replay,
      Settings settings)
      throws IOException {
    if (!run.hasCheckpoint()) {
      return FineTuneRun.prepare(
              run, settings.bundle(), examples, candidate.recipe(settings.seed()), replay)
          .train()
          .history();
    }
    TrainingHistory done = run.checkpointHistory();
    if (!candidate.describes(done.config())) {
      throw new IOException(
          run.root()
              + " holds a run of another candidate than "
              + candidate.spec()
              + "; use a new --work-dir");
    }
    if (done.completedEpochs() >= candidate.epochs()) {
      return done;
    }
    return FineTuneRun.resume(run, candidate.epochs(), replay).history();
  }
}
