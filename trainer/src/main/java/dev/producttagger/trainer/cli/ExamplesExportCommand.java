package dev.producttagger.trainer.cli;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.trainer.finetune.ExampleFile;
import dev.producttagger.trainer.finetune.ExampleTopic;
import dev.producttagger.trainer.finetune.LoadedExamples;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the examples the labelled-examples topic holds now as JSON lines, one example a line"
          + " as the topic's serde writes it, in eventId order: every partition read to its end,"
          + " the newest example per eventId kept and an eventId with a tombstone left out, as"
          + " compaction would. 'fine-tune --examples-file' reads the file.",
      "Refuses a topic with a record that is not a labelled example under its eventId, or with no"
          + " example; writes nothing then."
    })
final class ExamplesExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ExamplesTopicOptions source;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the examples.")
  private Path out;

  @Override
  public Integer call() throws Exception {
    KafkaConnection connection;
    try {
      connection = source.connection();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    LoadedExamples loaded = ExampleTopic.read(connection, source.topic);
    ExampleFile.write(out, loaded.examples());
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d examples (sha256 %s) from %s to %s%n",
            loaded.examples().size(), loaded.examples().sha256(), loaded.origin().describe(), out);
    return 0;
  }
}
