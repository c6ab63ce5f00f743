package dev.producttagger.tagger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.runtime.ModelInput;
import dev.producttagger.runtime.Prediction;
import dev.producttagger.runtime.ServingModel;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.serde.EventDeserializationException;
import dev.producttagger.schemas.serde.EventSerdes;
import dev.producttagger.tagger.preprocessing.ImageLimits;
import dev.producttagger.tagger.preprocessing.ImagePreprocessor;
import dev.producttagger.tagger.preprocessing.ImageRejectedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tagger classify}: tags images offline with a bundle, one JSON line per input, for support
 * staff and ops checking what the tagger would say.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Classify images offline with a model bundle; prints one JSON line per input.",
      "An input is a product photo (.png, .jpg, .jpeg), a .json file holding an ImageUploaded"
          + " event,",
      "'-' for ImageUploaded JSON lines on standard input, or any other file of raw gray8 pixels",
      "(--width x --height, 0 = background)."
    })
final class ClassifyCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  @Option(
      names = "--width",
      defaultValue = "28",
      description = "Width of raw gray8 files (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "28",
      description = "Height of raw gray8 files (default: ${DEFAULT-VALUE}).")
  int height;

  @Parameters(arity = "1..*", paramLabel = "INPUT")
  List<String> inputs;

  private final Deserializer<ImageUploaded> events = EventSerdes.imageUploaded().deserializer();
  private final ImagePreprocessor preprocessor = new ImagePreprocessor(ImageLimits.DEFAULT);

  @Override
  public Integer call() throws IOException {
    if (model.modelFile == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "classify needs --model FILE");
    }
    ServingModel serving = model.registry().current().orElseThrow();
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    for (String input : inputs) {
      if (input.equals("-")) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNumber++;
          byte[] event = line.getBytes(StandardCharsets.UTF_8);
          if (!line.isBlank()) {
            failures += classify("stdin:" + lineNumber, () -> fromEvent(event), serving, out);
          }
        }
      } else {
        Path path = Path.of(input);
        failures += classify(input, () -> fromFile(path), serving, out);
      }
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }

  private interface ImageSource {
    Image read() throws IOException, ImageRejectedException;
  }

  private int classify(String name, ImageSource source, ServingModel serving, PrintWriter out) {
    ObjectNode line = JSON.createObjectNode().put("input", name);
    try {
      ModelInput input = preprocessor.toModelInput(source.read());
      Prediction prediction = serving.predict(List.of(input)).get(0);
      line.put("category", prediction.best().name())
          .put("index", prediction.best().index())
          .put("confidence", prediction.confidence());
      prediction
          .top()
          .forEach(
              s ->
                  line.withArray("top")
                      .addObject()
                      .put("index", s.index())
                      .put("name", s.name())
                      .put("probability", s.probability()));
      line.putObject("model")
          .put("name", serving.ref().name())
          .put("version", serving.ref().version())
          .put("sha256", serving.ref().sha256());
      out.println(line);
      return 0;
    } catch (ImageRejectedException e) {
      line.putObject("rejected").put("reason", e.reason().name()).put("detail", e.getMessage());
    } catch (EventDeserializationException e) {
      line.putObject("rejected").put("reason", e.reason().name()).put("detail", e.getMessage());
    } catch (IOException e) {
      line.put("error", "cannot read " + name + ": " + e.getMessage());
    }
    out.println(line);
    return 1;
  }

  private Image fromFile(Path path) throws IOException, ImageRejectedException {
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    byte[] bytes = Files.readAllBytes(path);
    if (name.endsWith(".json")) {
      return fromEvent(bytes);
    }
    if (name.endsWith(".png")) {
      return new Image(Encoding.PNG, null, null, bytes);
    }
    if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      return new Image(Encoding.JPEG, null, null, bytes);
    }
    return fromRaw(bytes);
  }

  private Image fromEvent(byte[] json) {
    return events.deserialize("classify", json).image();
  }

  private Image fromRaw(byte[] pixels) throws ImageRejectedException {
    if (pixels.length != width * height) {
      throw new ImageRejectedException(
          dev.producttagger.schemas.events.RejectionReason.SCHEMA_VIOLATION,
          "raw gray8 file has "
              + pixels.length
              + " bytes, expected "
              + width
              + "x"
              + height
              + " = "
              + width * height);
    }
    return Image.gray8(width, height, pixels);
  }
}
