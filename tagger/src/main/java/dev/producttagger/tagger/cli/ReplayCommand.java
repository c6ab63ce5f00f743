package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.cli.ClusterConnectionOptions;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.tagger.ops.PartitionOffset;
import dev.producttagger.tagger.ops.ReplayStart;
import dev.producttagger.tagger.ops.TaggerReplay;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagger replay}: reset the stopped tagger application so that it tags uploads again. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Resets the tagger application so that uploads are tagged again from a chosen start, with"
          + " Kafka's streams reset tool: moves the application's offsets on the uploads topic,"
          + " deletes its internal topics (duplicate-eventId window, batch buffer) and the local"
          + " state in --state-dir.",
      "Stop every tagger instance first: the reset is refused while the application has members."
          + " Output topics are not changed; tags, reviews and dead letters are written again."
    })
final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClusterConnectionOptions cluster;

  @Mixin StreamsApplicationOptions application;

  @Option(
      names = "--uploads-topic",
      defaultValue = ProductTopics.UPLOADS,
      description = "The uploads topic (default: ${DEFAULT-VALUE}).")
  String uploadsTopic;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Start start;

  @Option(names = "--dry-run", description = "Show what would be reset and change nothing.")
  boolean dryRun;

  /** Exactly one start. */
  static final class Start {
    @Option(names = "--to-earliest", description = "Tag every upload still on the topic again.")
    boolean earliest;

    @Option(
        names = "--to-datetime",
        paramLabel = "RFC3339",
        converter = OpsConverters.Rfc3339.class,
        description = "Tag again from the first upload written at or after this time.")
    Instant datetime;

    @Option(
        names = "--to-offset",
        split = ",",
        paramLabel = "PARTITION:OFFSET",
        converter = OpsConverters.Position.class,
        description = "Tag again from these offsets, one for every partition, e.g. 0:1200,1:980.")
    List<PartitionOffset> offsets;

    ReplayStart replayStart() {
      if (datetime != null) {
        return new ReplayStart.AtTime(datetime);
      }
      if (offsets != null) {
        return new ReplayStart.AtOffsets(offsets);
      }
      return new ReplayStart.Earliest();
    }
  }

  @Override
  public Integer call() throws Exception {
    TaggerReplay.Request request =
        new TaggerReplay.Request(
            application.applicationId,
            uploadsTopic,
            start.replayStart(),
            application.stateDir,
            dryRun);
    TaggerReplay.Report report = new TaggerReplay(cluster.connection()).replay(request);

    PrintWriter out = spec.commandLine().getOut();
    report.resetToolReport().forEach(line -> out.println("  " + line));
    if (!report.localStateFound()) {
      out.println("no local state in " + request.localState());
    } else if (dryRun) {
      out.println("would delete the local state in " + request.localState());
    } else {
      out.println("deleted the local state in " + request.localState());
    }
    if (dryRun) {
      out.println("dry run: nothing was changed");
    } else {
      out.println(
          "application '"
              + request.applicationId()
              + "' will tag "
              + uploadsTopic
              + " again from "
              + request.start()
              + " when its instances start; on other hosts, delete "
              + request.applicationId()
              + " in each --state-dir first");
    }
    return 0;
  }
}
