package dev.producttagger.tagger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.tagger.cli.TaggerCli;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the compose file is checked without one: Debian's docker-compose
 * validates it, and the tagger services' commands must parse with the real tagger CLI.
 */
class ComposeFileTest {

  private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    boolean installed = onPath("docker-compose");
    assumeTrue(
        installed || "true".equals(System.getenv("CI")),
        "docker-compose is not installed (CI installs it); skipping its validation");
    Process process =
        new ProcessBuilder("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "-q")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config hung");
    assertEquals(0, process.exitValue(), output);
  }

  @Test
  void theStackHasTheBrokerTopicsModelPublisherAndTwoTaggers() throws IOException {
    JsonNode services = compose().get("services");
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertEquals(Set.of("kafka", "create-topics", "publish-model", "tagger-1", "tagger-2"), names);
    assertTrue(services.get("kafka").get("image").asText().startsWith("apache/kafka:"));
  }

  @Test
  void everyTaggerCommandParsesWithTheTaggerCli() throws IOException {
    JsonNode services = compose().get("services");
    for (String name : List.of("tagger-1", "tagger-2")) {
      List<String> args = new ArrayList<>();
      services.get(name).get("command").forEach(arg -> args.add(arg.asText()));
      // Throws a ParameterException naming the option if the CLI has no such option.
      TaggerCli.commandLine().parseArgs(args.toArray(String[]::new));
      assertTrue(
          args.contains("--advertised-http") && args.contains(name + ":8080"),
          name + " must advertise its own HTTP address for key lookups: " + args);
    }
  }

  @Test
  void theBrokerAllowsTheFailoverTheEmbeddedBrokerAllows() throws IOException {
    JsonNode environment = compose().get("services").get("kafka").get("environment");
    assertEquals(
        EmbeddedKafkaBroker.MIN_SESSION_TIMEOUT_MS,
        environment.get("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS").asLong());
    assertEquals(
        500,
        environment
            .get("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS")
            .asLong());
  }

  private static JsonNode compose() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE_FILE));
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
