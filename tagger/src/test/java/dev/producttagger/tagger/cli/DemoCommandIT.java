package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.dataset.FashionMnist;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.traffic.SellerPhotos;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tagger demo} end to end on its embedded broker: the first run publishes the model and tags
 * test images and photos; a second run on the same data directory finds the model published and
 * counts only its own uploads.
 */
class DemoCommandIT {

  /** PAPER_DROPOUT trained briefly by the trainer; 0.8075 test accuracy per its manifest. */
  private static final String FIXTURE = "/fixtures/fixture-paper-dropout-v1.bundle";

  private static final double FIXTURE_TEST_ACCURACY = 0.8075;
  private static final int IMAGES = 400;
  private static final int PHOTOS = 6;

  @TempDir Path dir;

  @Test
  void publishesTheModelTagsEveryUploadAndReportsWhatCameOut() throws Exception {
    Path bundle = fixtureBundle();
    String fashionMnist = System.getProperty("fashionMnist.directory");
    Path photos = writeLabelledPhotos(FashionMnist.loadTest(Path.of(fashionMnist)));
    Path data = dir.resolve("demo-data");

    StringWriter first = new StringWriter();
    Path firstSummary = dir.resolve("first.json");
    String[] common = demoOn(data, bundle);
    int exit =
        run(
            first,
            common,
            "--images",
            String.valueOf(IMAGES),
            "--photos",
            photos.toString(),
            "--summary-json",
            firstSummary.toString());

    assertEquals(0, exit, first.toString());
    assertTrue(first.toString().contains("Published model"), first.toString());
    assertTrue(first.toString().contains("Dashboard at http://127.0.0.1:"), first.toString());
    JsonNode summary = new ObjectMapper().readTree(firstSummary.toFile());
    assertEquals(IMAGES + PHOTOS, summary.get("uploads").asInt());
    assertEquals(
        IMAGES + PHOTOS,
        summary.get("tagged").asInt() + summary.get("review").asInt(),
        "every valid upload is tagged or sent to review: " + summary);
    assertEquals(0, summary.get("rejected").asInt());
    assertEquals(0, summary.get("repeatedOutputs").asInt());
    assertTrue(summary.get("complete").asBoolean());
    double accuracy = summary.get("accuracy").asDouble();
    assertTrue(
        Math.abs(accuracy - FIXTURE_TEST_ACCURACY) < 0.06,
        "accuracy " + accuracy + " should be near the model's own " + FIXTURE_TEST_ACCURACY);
    assertEquals(IMAGES + PHOTOS, summary.get("latencyMs").get("count").asInt());
    assertTrue(summary.get("latencyMs").get("p99").asDouble() > 0);
    JsonNode afterTagging = summary.get("afterTaggingMs");
    assertEquals(IMAGES + PHOTOS, afterTagging.get("count").asInt());
    assertTrue(afterTagging.get("p50").asDouble() >= 0, summary.toString());
    // The part after tagging, to the millisecond, cannot exceed the whole latency.
    assertTrue(
        afterTagging.get("max").asDouble() <= summary.get("latencyMs").get("max").asDouble() + 1,
        summary.toString());
    assertTrue(summary.get("throughput").asDouble() > 0);
    assertTrue(summary.get("model").asText().endsWith(" v1"), summary.toString());

    StringWriter second = new StringWriter();
    Path secondSummary = dir.resolve("second.json");
    exit = run(second, common, "--images", "50", "--summary-json", secondSummary.toString());

    assertEquals(0, exit, second.toString());
    assertTrue(second.toString().contains("is already published"), second.toString());
    JsonNode again = new ObjectMapper().readTree(secondSummary.toFile());
    assertEquals(50, again.get("uploads").asInt());
    assertEquals(50, again.get("tagged").asInt() + again.get("review").asInt());

    // Another model whose own version is not above the serving one goes out as the next version.
    Path other = dir.resolve("other.bundle");
    TestModels.tinyBundle("tiny", 1, 3).write(other, Optional.empty());
    String[] withOther = common.clone();
    withOther[Arrays.asList(common).indexOf(bundle.toString())] = other.toString();
    StringWriter third = new StringWriter();
    exit = run(third, withOther, "--images", "20");

    assertEquals(0, exit, third.toString());
    assertTrue(third.toString().contains("Published model tiny v2"), third.toString());
    assertTrue(third.toString().contains("model        tiny v2"), third.toString());
  }

  @Test
  void runsFurtherInstancesInJvmsOfTheirOwnThatShareThePartitions() throws Exception {
    Path bundle = fixtureBundle();
    Path data = dir.resolve("fleet-data");
    StringWriter out = new StringWriter();
    Path summaryFile = dir.resolve("fleet.json");
    String[] common = demoOn(data, bundle, "--batch-size", "16");

    int exit =
        run(
            out,
            common,
            "--instances",
            "2",
            "--images",
            "300",
            "--summary-json",
            summaryFile.toString());

    assertEquals(0, exit, out.toString());
    Matcher second =
        Pattern.compile("Instance 2 \\(pid (\\d+)\\): dashboard at http://127\\.0\\.0\\.1:\\d+/")
            .matcher(out.toString());
    assertTrue(second.find(), out.toString());
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    assertEquals(
        300, summary.get("tagged").asInt() + summary.get("review").asInt(), summary.toString());
    assertEquals(0, summary.get("repeatedOutputs").asInt());
    Matcher shares =
        Pattern.compile("Outputs per instance  1: (\\d+), 2: (\\d+)").matcher(out.toString());
    assertTrue(shares.find(), out.toString());
    long first = Long.parseLong(shares.group(1));
    long other = Long.parseLong(shares.group(2));
    assertTrue(first > 0 && other > 0, "both instances tag: " + shares.group());
    assertEquals(300, first + other, shares.group());
    // The second instance stopped with the demo.
    String log = Files.readString(data.resolve("instance-2").resolve("tagger.log"));
    assertTrue(ProcessHandle.of(Long.parseLong(second.group(1))).isEmpty(), "it stopped: " + log);
    assertTrue(
        run(new StringWriter(), new String[] {"demo", "--instances", "5", "--partitions", "4"})
            == 2,
        "more instances than partitions is refused");
  }

  private Path fixtureBundle() throws Exception {
    Path bundle = dir.resolve("model.bundle");
    try (InputStream in = DemoCommandIT.class.getResourceAsStream(FIXTURE)) {
      Files.write(bundle, in.readAllBytes());
    }
    return bundle;
  }

  /** A few rendered product photos, each in a folder named after its true category. */
  private Path writeLabelledPhotos(LabelledImages test) throws Exception {
    Path root = dir.resolve("photos");
    SellerPhotos photos = new SellerPhotos(7, 320, 240);
    for (int i = 0; i < PHOTOS; i++) {
      Path folder =
          Files.createDirectories(root.resolve(FashionCategories.NAMES.get(test.label(i))));
      Files.write(folder.resolve("photo-" + i + ".jpg"), photos.jpeg(test.image(i)));
    }
    return root;
  }

  /** The demo on its own data directory, model and loopback HTTP port, then {@code options}. */
  private static String[] demoOn(Path data, Path bundle, String... options) {
    String[] common = {
      "demo",
      "--data-dir",
      data.toString(),
      "--bundle",
      bundle.toString(),
      "--fashion-mnist",
      System.getProperty("fashionMnist.directory"),
      "--http-host",
      "127.0.0.1",
      "--http-port",
      "0"
    };
    return Stream.concat(Stream.of(common), Stream.of(options)).toArray(String[]::new);
  }

  private static int run(StringWriter out, String[] common, String... options) {
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(Stream.concat(Stream.of(common), Stream.of(options)).toArray(String[]::new));
  }
}
