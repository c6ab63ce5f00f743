package dev.producttagger.trainer.cli;

import dev.producttagger.kafka.cli.ClusterConnectionOptions;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.modeltopic.VersionChoice;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.trainer.publish.ModelPublisher;
import dev.producttagger.trainer.publish.QualityGate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "publish",
    description = {
      "Publishes a model bundle to the model topic, creating the topic (compacted, sized for"
          + " bundles) if it is missing.",
      "Refuses, with exit code "
          + PublishCommand.REFUSED
          + ", a version not above the highest on the topic, and (unless --force) a bundle whose"
          + " test accuracy is below --min-accuracy or below the published model's."
    })
final class PublishCommand implements Callable<Integer> {

  /**
   * Exit code when the version rule or the quality gate refuses the bundle; 1 is for errors, 2 for
   * usage.
   */
  static final int REFUSED = 3;

  @Spec private CommandSpec spec;

  /** Only --help: --version here is the bundle's version, not the program's. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Mixin private ClusterConnectionOptions cluster;

  @Option(
      names = "--topic",
      defaultValue = ProductTopics.MODELS,
      description = "The model topic (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "FILE",
      description = "The bundle, as 'trainer export' writes it.")
  private Path bundle;

  @Option(
      names = "--min-accuracy",
      defaultValue = "" + QualityGate.DEFAULT_MIN_ACCURACY,
      description = "Lowest test accuracy accepted, 0 to 1 (default: ${DEFAULT-VALUE}).")
  private double minAccuracy;

  @Option(
      names = "--force",
      description =
          "Publish even below --min-accuracy or the published model's accuracy, e.g. to roll back.")
  private boolean force;

  @Option(
      names = "--version",
      paramLabel = "N|auto",
      description =
          "Publish as version N, or auto: one above the highest on the topic. Rewrites the bundle's"
              + " manifest (re-signing it with --hmac-key-file). Default: the bundle's own"
              + " version.")
  private String version;

  @Option(
      names = "--shadow",
      description =
          "Publish as the shadow model: taggers run it beside the serving model on every batch"
              + " and compare, without emitting its tags, until 'tagger models promote' makes it"
              + " serve. Only --min-accuracy gates it.")
  private boolean shadow;

  @Mixin private SigningKeyOption signingKey;

  @Override
  public Integer call() throws Exception {
    QualityGate gate;
    VersionChoice versionChoice;
    KafkaConnection connection;
    try {
      gate = new QualityGate(minAccuracy);
      versionChoice = version == null ? new VersionChoice.Own() : VersionChoice.parse(version);
      connection = cluster.connection();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ModelPublisher publisher = new ModelPublisher(new ModelTopic(connection, topic));
    ModelPublisher.Outcome outcome =
        publisher.publish(bundle, versionChoice, gate, force, signingKey.key(), shadow);

    if (outcome instanceof ModelPublisher.Outcome.Refused refused) {
      PrintWriter err = spec.commandLine().getErr();
      refused.reasons().forEach(reason -> err.println("refused: " + reason));
      return REFUSED;
    }
    ModelPublisher.Outcome.Published published = (ModelPublisher.Outcome.Published) outcome;
    PrintWriter out = spec.commandLine().getOut();
    published
        .overruled()
        .forEach(objection -> out.println("forced past the quality gate: " + objection));
    BundleManifest manifest = published.manifest();
    out.printf(
        Locale.ROOT,
        "published %s version %d%s (test accuracy %.4f) to %s partition %d offset %d%n",
        manifest.name(),
        manifest.version(),
        shadow ? " as the shadow model" : "",
        manifest.metrics().testAccuracy(),
        topic,
        published.partition(),
        published.offset());
    return 0;
  }
}
