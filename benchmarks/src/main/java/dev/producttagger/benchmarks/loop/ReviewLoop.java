package dev.producttagger.benchmarks.loop;

import dev.producttagger.benchmarks.harness.PhotoAccuracy;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.examples.LabelledExamples;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.ModelRejectedException;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.cli.TaggerCli;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import dev.producttagger.tagger.traffic.LabelledUpload;
import dev.producttagger.tagger.traffic.SellerPhotos;
import dev.producttagger.tagger.traffic.TrafficRun;
import dev.producttagger.trainer.cli.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import picocli.CommandLine;

/**
 * The review loop end to end on an embedded broker, as a marketplace would live it: seller photos
 * made from Fashion-MNIST training items are uploaded and tagged; a reviewer who knows their labels
 * answers the review requests; the serving model is fine-tuned on the decisions; the result goes
 * into shadow and faces the traffic: more photos, more decisions, which it never trained on; {@code
 * tagger models promote} decides. Photo accuracy before and after is measured on seller photos made
 * from test items, which nothing in the loop ever trains on or chooses with.
 */
public final class ReviewLoop {

  /** Seller photos' canvas, as {@code benchmarks photos} measures them. */
  static final int PHOTO_WIDTH = 400;

  static final int PHOTO_HEIGHT = 500;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
  private static final String TUNED_NAME = "reviewed";

  /**
   * @param trainingPhotos photos of training items uploaded before fine-tuning
   * @param maxDecisions the most review requests the reviewer answers before fine-tuning
   * @param decisionsPerSecond the reviewer's pace; 0 as fast as it can
   * @param shadowPhotos photos of further training items uploaded while the tuned model is in
   *     shadow, whose decisions judge the promotion
   * @param evaluationPhotos test items photographed to measure accuracy before and after
   */
  public record Settings(
      Path bundle,
      Path dataDirectory,
      Path workDirectory,
      int trainingPhotos,
      int maxDecisions,
      double decisionsPerSecond,
      int shadowPhotos,
      int evaluationPhotos,
      List<String> fineTuneOptions,
      long seed) {}

  /** What the loop did and measured. */
  public record Summary(
      String serving,
      String tuned,
      int uploads,
      int reviewRequests,
      int decisions,
      int shadowDecisions,
      double fineTuneSeconds,
      boolean promoted,
      List<String> promotion,
      PhotoAccuracy before,
      PhotoAccuracy after,
      double tunedTestAccuracy,
      double seconds) {}

  private ReviewLoop() {}

  public static Summary run(Settings settings, PrintWriter console) throws Exception {
    long started = System.nanoTime();
    LabelledImages train = FashionMnist.loadTrain(settings.dataDirectory());
    LabelledImages test = FashionMnist.loadTest(settings.dataDirectory());
    int[] order = shuffled(train.size(), settings.seed());
    ModelBundle base = ModelBundle.read(settings.bundle(), ModelTopic.LIMITS, Optional.empty());
    BundleManifest serving = base.manifest();
    Files.createDirectories(settings.workDirectory());
    TaggerSettings tagger = TaggerSettings.defaults();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      ModelTopic models = new ModelTopic(broker.connection(), tagger.modelsTopic());
      models.publish(serving.name(), Files.readAllBytes(settings.bundle()));
      ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
      try (TaggerApp app =
              TaggerApp.start(
                  TaggerStreamsConfig.properties(
                      broker.clientConfigs(),
                      "review-loop",
                      true,
                      1,
                      settings.workDirectory().resolve("tagger-state"),
                      tagger),
                  tagger,
                  registry);
          SimulatedReviewer reviewer =
              new SimulatedReviewer(broker.clientConfigs(), tagger, "simulated-reviewer")) {
        console.printf(
            "Serving %s v%d; uploading %,d seller photos of training items%n",
            serving.name(), serving.version(), settings.trainingPhotos());
        Phase first =
            upload(broker, tagger, train, order, 0, settings.trainingPhotos(), settings.seed());
        int decisions =
            reviewer.answer(
                first.labelByProduct(),
                first.reviewRequests(),
                settings.maxDecisions(),
                settings.decisionsPerSecond(),
                PHASE_TIMEOUT);
        console.printf(
            "%,d review requests; the reviewer decided %,d%n", first.reviewRequests(), decisions);
        awaitExamples(broker, tagger, decisions);

        Path tunedBundle = settings.workDirectory().resolve(TUNED_NAME + ".bundle");
        long tuning = System.nanoTime();
        fineTune(broker, tagger, settings, serving, tunedBundle);
        double fineTuneSeconds = (System.nanoTime() - tuning) / 1e9;
        trainer(
            "publish",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--bundle",
            tunedBundle.toString(),
            "--shadow",
            "--min-accuracy",
            "0");
        ModelBundle tunedModel = ModelBundle.read(tunedBundle, ModelTopic.LIMITS, Optional.empty());
        BundleManifest tuned = tunedModel.manifest();
        console.printf(
            "Fine-tuned in %.0f s (test accuracy %.4f); in shadow; uploading %,d more photos%n",
            fineTuneSeconds, tuned.metrics().testAccuracy(), settings.shadowPhotos());

        Phase second =
            upload(
                broker,
                tagger,
                train,
                order,
                settings.trainingPhotos(),
                settings.shadowPhotos(),
                settings.seed() + 1);
        int shadowDecisions =
            reviewer.answer(
                second.labelByProduct(),
                second.reviewRequests(),
                Integer.MAX_VALUE,
                settings.decisionsPerSecond(),
                PHASE_TIMEOUT);
        awaitExamples(broker, tagger, decisions + shadowDecisions);
        Command promote =
            Command.run(
                TaggerCli.commandLine(),
                "models",
                "promote",
                "--bootstrap-servers",
                broker.bootstrapServers());
        console.print(promote.out());
        console.print(promote.err());
        boolean promoted = promote.exitCode() == 0;

        console.printf(
            "Measuring photo accuracy on %,d test items, before and after%n",
            settings.evaluationPhotos());
        PhotoAccuracy before = photoAccuracy(base, test, settings);
        PhotoAccuracy after = photoAccuracy(tunedModel, test, settings);
        return new Summary(
            serving.name() + " v" + serving.version(),
            tuned.name() + " v" + tuned.version(),
            first.uploads() + second.uploads(),
            first.reviewRequests() + second.reviewRequests(),
            decisions,
            shadowDecisions,
            fineTuneSeconds,
            promoted,
            promote.out().lines().toList(),
            before,
            after,
            tuned.metrics().testAccuracy(),
            (System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** The uploads of one phase and what they asked of the reviewer. */
  private record Phase(int uploads, int reviewRequests, Map<String, Integer> labelByProduct) {}

  private static Phase upload(
      EmbeddedKafkaBroker broker,
      TaggerSettings tagger,
      LabelledImages train,
      int[] order,
      int from,
      int count,
      long seed)
      throws InterruptedException {
    SellerPhotos photos = new SellerPhotos(seed, PHOTO_WIDTH, PHOTO_HEIGHT);
    List<LabelledUpload> uploads = new ArrayList<>(count);
    Map<String, Integer> labelByProduct = new HashMap<>();
    String prefix = TrafficRun.productPrefix();
    for (int i = 0; i < count; i++) {
      int item = order[from + i];
      uploads.add(
          new LabelledUpload(
              new Image(Encoding.JPEG, null, null, photos.jpeg(train.image(item))),
              train.label(item)));
      labelByProduct.put(prefix + i, train.label(item));
    }
    TrafficRun.Result result =
        TrafficRun.run(
            broker.clientConfigs(), tagger, uploads, prefix, 0, PHASE_TIMEOUT, counts -> {});
    if (!result.complete()) {
      throw new IllegalStateException(
          "the tagger answered " + result.counts().answered() + " of " + count + " uploads");
    }
    return new Phase(count, result.counts().review(), labelByProduct);
  }

  /** Waits until the tagger has turned {@code decisions} decisions into labelled examples. */
  private static void awaitExamples(
      EmbeddedKafkaBroker broker, TaggerSettings tagger, int decisions) throws Exception {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      seen =
          LabelledExamples.read(broker.connection(), tagger.labelledExamplesTopic())
              .examples()
              .size();
      if (seen >= decisions) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "only " + seen + " of " + decisions + " decisions became labelled examples");
  }

  private static void fineTune(
      EmbeddedKafkaBroker broker,
      TaggerSettings tagger,
      Settings settings,
      BundleManifest serving,
      Path tunedBundle) {
    Path run = settings.workDirectory().resolve("fine-tune-run");
    List<String> args =
        new ArrayList<>(
            List.of(
                "fine-tune",
                "--from",
                settings.bundle().toString(),
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--examples-topic",
                tagger.labelledExamplesTopic(),
                "--run-dir",
                run.toString(),
                "--data-dir",
                settings.dataDirectory().toString()));
    args.addAll(settings.fineTuneOptions());
    trainer(args.toArray(String[]::new));
    trainer(
        "export",
        "--run-dir",
        run.toString(),
        "--name",
        TUNED_NAME,
        "--version",
        Long.toString(serving.version() + 1),
        "--review-threshold",
        Double.toString(Optional.ofNullable(serving.metrics().reviewThreshold()).orElse(0.5)),
        "--data-dir",
        settings.dataDirectory().toString(),
        "--out",
        tunedBundle.toString());
  }

  private static void trainer(String... args) {
    Command command = Command.run(TrainerCli.commandLine(), args);
    if (command.exitCode() != 0) {
      throw new IllegalStateException(
          "trainer " + args[0] + " failed (exit " + command.exitCode() + "): " + command.err());
    }
  }

  /** One command of the product's CLIs, run in this JVM, with what it printed. */
  private record Command(int exitCode, String out, String err) {

    static Command run(CommandLine cli, String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int exitCode = cli.execute(args);
      return new Command(exitCode, out.toString(), err.toString());
    }
  }

  private static PhotoAccuracy photoAccuracy(
      ModelBundle bundle, LabelledImages test, Settings settings) throws ModelRejectedException {
    ServingModel model = new ModelLoader(FashionCategories.NAMES).load(bundle);
    return PhotoAccuracy.measure(
        model.predictor(),
        test,
        Math.min(settings.evaluationPhotos(), test.size()),
        PHOTO_WIDTH,
        PHOTO_HEIGHT,
        settings.seed() + 2);
  }

  /** 0 to size - 1 in an order {@code seed} decides: which training items each phase uses. */
  static int[] shuffled(int size, long seed) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
