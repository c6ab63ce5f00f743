package dev.producttagger.trainer.finetune;

import dev.producttagger.kafka.examples.CompactedExamples;
import dev.producttagger.kafka.topics.EventTopics;
import dev.producttagger.schemas.bundle.Checksums;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.schemas.events.LabelledExample;
import dev.producttagger.schemas.serde.EventDeserializationException;
import dev.producttagger.trainer.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Labelled examples as JSON lines: one {@code LabelledExample} a line, exactly as the topic's serde
 * writes its values (UTF-8, {@code \n} after each). A file has no tombstones; an eventId on two
 * lines keeps the later line, as compaction keeps the newer record.
 */
public final class ExampleFile {

  private ExampleFile() {}

  /**
   * The examples in {@code file}.
   *
   * @throws IOException if the file cannot be read, a line is not a valid example (the message
   *     names the line), or it holds no example
   */
  public static LoadedExamples read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    Deserializer<LabelledExample> values =
        EventTopics.LABELLED_EXAMPLES.valueSerde().deserializer();
    CompactedExamples latest = new CompactedExamples();
    // The text after the last newline is empty in a well-formed file.
    int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      LabelledExample example = parse(file, i + 1, line, values);
      latest.accept(example.eventId(), example);
    }
    ExampleSet examples = ExampleSet.of(latest.examples());
    if (examples.size() == 0) {
      throw new IOException(file + " holds no labelled examples");
    }
    return new LoadedExamples(examples, ExamplesOrigin.file(file, Checksums.sha256Hex(bytes)));
  }

  private static LabelledExample parse(
      Path file, int lineNumber, String line, Deserializer<LabelledExample> values)
      throws IOException {
    String where = file + " line " + lineNumber + ": ";
    if (line.isBlank()) {
      throw new IOException(where + "blank, not a labelled example");
    }
    LabelledExample example;
    try {
      example = values.deserialize(null, line.getBytes(StandardCharsets.UTF_8));
    } catch (EventDeserializationException | IllegalArgumentException e) {
      throw new IOException(where + e.getMessage(), e);
    }
    if (example == null) {
      throw new IOException(where + "not a labelled example");
    }
    String problem = FashionCategories.problemWith(example.label()).orElse(null);
    if (problem != null) {
      throw new IOException(where + problem);
    }
    return example;
  }

  /** Writes {@code examples} to {@code file} atomically, in eventId order. */
  public static void write(Path file, ExampleSet examples) throws IOException {
    AtomicFiles.replace(file, jsonLines(examples));
  }

  private static byte[] jsonLines(ExampleSet examples) {
    Serializer<LabelledExample> values = EventTopics.LABELLED_EXAMPLES.valueSerde().serializer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (LabelledExample example : examples.examples()) {
      byte[] json = values.serialize(null, example);
      for (byte b : json) {
        if (b == '\n') {
          throw new IllegalStateException("the serde wrote a line break into an example's JSON");
        }
      }
      out.writeBytes(json);
      out.write('\n');
    }
    return out.toByteArray();
  }
}
