package dev.producttagger.trainer.finetune;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a fine-tuning run's examples came from, as its bundle's manifest records it: a topic with
 * the offsets read, or a file with its SHA-256. Exactly one of {@code topic} and {@code file} is
 * set.
 *
 * @param topic the topic read, or null
 * @param offsets per partition that held records, the first and last offsets read, such as {@code
 *     0:0-41,1:3-17}; null with a file
 * @param file the file's name, without its directory, or null
 * @param fileSha256 SHA-256 (lower-case hex) of the file's bytes; null with a topic
 */
public record ExamplesOrigin(String topic, String offsets, String file, String fileSha256) {

  public ExamplesOrigin {
    if ((topic == null) == (file == null)) {
      throw new IllegalArgumentException("examples come from a topic or from a file");
    }
  }

  public static ExamplesOrigin topic(String topic, String offsets) {
    return new ExamplesOrigin(topic, offsets, null, null);
  }

  public static ExamplesOrigin file(Path file, String sha256) {
    return new ExamplesOrigin(null, null, file.getFileName().toString(), sha256);
  }

  /** For people: {@code topic labelled-examples, offsets 0:0-41} or {@code file x.jsonl}. */
  public String describe() {
    return topic != null ? "topic " + topic + ", offsets " + offsets : "file " + file;
  }

  /** The manifest's record of the origin, as hyper-parameters. */
  Map<String, String> hyperParameters() {
    Map<String, String> settings = new LinkedHashMap<>();
    if (topic != null) {
      settings.put("examplesTopic", topic);
      settings.put("examplesOffsets", offsets);
    } else {
      settings.put("examplesFile", file);
      settings.put("examplesFileSha256", fileSha256);
    }
    return settings;
  }
}
