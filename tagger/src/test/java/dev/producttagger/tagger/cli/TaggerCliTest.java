package dev.producttagger.tagger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.serde.EventSerdes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TaggerCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TaggerCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void classifyPrintsOneJsonLinePerInputAndFailsOnBadOnes() throws Exception {
    Path bundle = dir.resolve("tiny.bundle");
    TestModels.tinyBundle("tiny", 4, 1).write(bundle, Optional.empty());
    Path raw = Files.write(dir.resolve("shirt.gray8"), new byte[784]);
    ImageUploaded event =
        new ImageUploaded(
            UUID.randomUUID().toString(),
            "s",
            "p",
            Instant.now(),
            Image.gray8(56, 56, new byte[56 * 56]));
    Path json =
        Files.write(dir.resolve("upload.json"), EventSerdes.imageUploaded().serialize(event));
    Path wrongSize = Files.write(dir.resolve("short.gray8"), new byte[100]);
    java.awt.image.BufferedImage photo =
        new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = photo.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    g.setColor(new java.awt.Color(20, 40, 120));
    g.fillRect(100, 40, 80, 120);
    g.dispose();
    Path png = dir.resolve("photo.png");
    javax.imageio.ImageIO.write(photo, "png", png.toFile());

    int exit =
        run(
            "classify",
            "--model",
            bundle.toString(),
            raw.toString(),
            json.toString(),
            wrongSize.toString(),
            png.toString());

    List<JsonNode> lines = out.toString().lines().map(this::parse).toList();
    assertEquals(4, lines.size(), out.toString());
    assertTrue(
        lines.get(3).has("category"),
        "a product photo is converted and classified: " + lines.get(3));
    assertEquals(raw.toString(), lines.get(0).get("input").asText());
    assertTrue(lines.get(0).has("category"));
    assertEquals(3, lines.get(0).get("top").size());
    assertEquals(4, lines.get(0).get("model").get("version").asInt());
    assertTrue(lines.get(1).has("category"), "a 56x56 upload is fitted to 28x28");
    assertEquals("SCHEMA_VIOLATION", lines.get(2).get("rejected").get("reason").asText());
    assertEquals(1, exit, "a rejected input makes the exit code non-zero");
  }

  @Test
  void classifyWithoutAModelIsAUsageError() {
    assertEquals(2, run("classify", "some.gray8"));
    assertTrue(err.toString().contains("--model"), err.toString());
  }

  @Test
  void classifyRefusesABundleThatIsNotFitToServe() throws Exception {
    Path notABundle = Files.writeString(dir.resolve("model.bundle"), "not a zip");
    assertEquals(1, run("classify", "--model", notABundle.toString(), "x.gray8"));
    assertTrue(
        err.toString().startsWith("error: --model " + notABundle + " cannot serve: NOT_A_ZIP"),
        err.toString());
  }

  @Test
  void demoRefusesBadArgumentsBeforeStartingAnything() throws Exception {
    Path data = dir.resolve("demo-data");
    Path bundle = dir.resolve("tiny.bundle");
    TestModels.tinyBundle("tiny", 1, 1).write(bundle, Optional.empty());
    Path notABundle = Files.write(dir.resolve("photo.bundle"), new byte[] {(byte) 0xFF, 0x00});
    Path emptyFolder = Files.createDirectories(dir.resolve("no-photos"));
    String fashionMnist = System.getProperty("fashionMnist.directory");

    assertDemoFails(
        "error: cannot read bundle no-such.bundle: no such file",
        data,
        "--bundle",
        "no-such.bundle");
    assertDemoFails("invalid bundle " + notABundle, data, "--bundle", notABundle.toString());
    assertDemoFails(
        "asked for 10001 images but the set holds 10000",
        data,
        "--bundle",
        bundle.toString(),
        "--fashion-mnist",
        fashionMnist,
        "--images",
        "10001");
    err.getBuffer().setLength(0);
    assertEquals(2, run("demo", "--data-dir", data.toString(), "--threads", "0"), "a usage error");
    assertTrue(err.toString().contains("--threads must be at least 1, not 0"), err.toString());
    assertDemoFails(
        "no .png, .jpg or .jpeg files under",
        data,
        "--bundle",
        bundle.toString(),
        "--images",
        "0",
        "--photos",
        emptyFolder.toString());

    assertTrue(Files.notExists(data), "nothing was started");
  }

  private void assertDemoFails(String expectedError, Path dataDir, String... options) {
    err.getBuffer().setLength(0);
    List<String> args = new ArrayList<>(List.of("demo", "--data-dir", dataDir.toString()));
    args.addAll(List.of(options));

    assertEquals(1, run(args.toArray(String[]::new)), out.toString());
    assertTrue(err.toString().contains(expectedError), err.toString());
  }

  /**
   * {@code tagger run} with HTTP on the loopback interface and a broker nobody listens on: for
   * options that must be refused before anything connects.
   */
  private int runOnLoopback(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("run", "--bootstrap-servers", "127.0.0.1:1", "--http-host", "127.0.0.1"));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  @Test
  void runRefusesAnAdvertisedHttpAddressThatIsNotHostAndPortBeforeStarting() {
    for (String bad : List.of("nonsense", "host:", "host:0", "host:70000", ":8080", " :8080")) {
      err.getBuffer().setLength(0);
      assertEquals(1, runOnLoopback("--http-port", "0", "--advertised-http", bad), bad);
      assertTrue(
          err.toString().startsWith("error: --advertised-http must be HOST:PORT"),
          bad + ": " + err);
    }
  }

  @Test
  void runRefusesADecidedRetentionUnderADay() {
    assertEquals(1, runOnLoopback("--decided-retention-days", "0"));
    assertTrue(
        err.toString().startsWith("error: --decided-retention-days must be at least 1, got 0"),
        err.toString());
  }

  @Test
  void runRefusesFewerThanOneStreamThread() {
    assertEquals(2, runOnLoopback("--threads", "0"), "a usage error");
    assertTrue(err.toString().startsWith("--threads must be at least 1, not 0"), err.toString());
  }

  @Test
  void runRefusesAnHttpPortOutOfRange() {
    assertEquals(1, runOnLoopback("--http-port", "70000"));
    assertTrue(
        err.toString().startsWith("error: --http-port must be from 0 to 65535, got 70000"),
        err.toString());
  }

  @Test
  void runSaysWhichAddressItCannotServeHttpOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertEquals(1, runOnLoopback("--http-port", Integer.toString(port)));
      assertTrue(
          err.toString().startsWith("error: cannot serve HTTP on 127.0.0.1:" + port + ": "),
          err.toString());
    }
  }

  @Test
  void benchmarksAreNotPartOfTheTaggersCommandLine() {
    assertEquals(2, run("benchmark-e2e"));
    assertTrue(
        TaggerCli.commandLine().getSubcommands().keySet().stream()
            .noneMatch(name -> name.startsWith("benchmark")),
        TaggerCli.commandLine().getSubcommands().keySet().toString());
  }

  private JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** A stray '%' in a description makes picocli print a warning and show the text unformatted. */
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    PrintStream standardError = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    List<String> usages = new ArrayList<>();
    try {
      collectUsage(TaggerCli.commandLine(), usages);
    } finally {
      System.setErr(standardError);
    }
    assertTrue(usages.size() > 5, usages.toString());
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
  }

  private static void collectUsage(CommandLine commandLine, List<String> usages) {
    usages.add(commandLine.getUsageMessage());
    commandLine.getSubcommands().values().forEach(sub -> collectUsage(sub, usages));
  }
}
