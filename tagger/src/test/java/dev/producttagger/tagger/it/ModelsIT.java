package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.ModelLoader;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.ModelBundle;
import dev.producttagger.schemas.events.FashionCategories;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagger models} on a real broker, with signed bundles and a tagger that requires them:
 * {@code list} shows every bundle and an invalid record, {@code rollback} republishes an earlier
 * model as the next version, signed, and the running tagger takes it.
 */
class ModelsIT {

  private static final byte[] KEY = "models-it signing key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void aRollbackRepublishesAnEarlierModelAsTheNextVersionAndTheTaggerServesIt() throws Exception {
    ModelBundle v1 = TestModels.tinyBundle("tiny", 1, 21);
    ModelBundle v2 = TestModels.tinyBundle("tiny", 2, 22);
    Path keyFile = Files.write(dir.resolve("hmac.key"), KEY);
    TaggerSettings settings = TaggerSettings.defaults();
    ModelRegistry registry =
        new ModelRegistry(
            new ModelLoader(FashionCategories.NAMES), ModelTopic.LIMITS, Optional.of(KEY));

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(1));
      TestCluster.publishModel(broker, "tiny", v1.toBytes(Optional.of(KEY)));
      TestCluster.publishModel(broker, "broken", "not a bundle".getBytes(StandardCharsets.UTF_8));
      TestCluster.publishModel(broker, "tiny", v2.toBytes(Optional.of(KEY)));

      try (TaggerApp tagger =
          TaggerApp.start(
              TaggerStreamsConfig.properties(
                  broker.clientConfigs(), "models-it", true, 1, dir.resolve("state"), settings),
              settings,
              registry)) {
        TestCluster.awaitServing(registry, 2);

        TaggerCommand list =
            TestCluster.models(broker, "list", "--hmac-key-file", keyFile.toString());
        assertEquals(0, list.exitCode(), list.printed());
        assertTrue(line(list, sha(v1)).matches("\\s+0\\s+tiny\\s+1\\s.*"), list.printed());
        assertTrue(line(list, "NOT_A_ZIP").matches("\\s+1\\s+broken\\s+-.*invalid: NOT_A_ZIP.*"));
        assertTrue(line(list, sha(v2)).matches("\\*\\s+2\\s+tiny\\s+2\\s.*"), list.printed());
        assertTrue(list.out().contains("taggers serve tiny version 2 (offset 2)"), list.printed());

        TaggerCommand noTopic =
            TestCluster.models(broker, "list", "--models-topic", "no-such-models");
        assertEquals(1, noTopic.exitCode(), noTopic.printed());
        assertEquals(
            "error: topic no-such-models does not exist at " + broker.bootstrapServers(),
            noTopic.err().strip());

        TaggerCommand unsigned = TestCluster.models(broker, "rollback", "--to-version", "1");
        assertEquals(1, unsigned.exitCode(), unsigned.printed());
        assertTrue(
            unsigned
                .err()
                .contains("the bundle is signed; changing its version needs the signing key"),
            unsigned.printed());

        TaggerCommand rollback =
            TestCluster.models(
                broker, "rollback", "--to-version", "1", "--hmac-key-file", keyFile.toString());
        assertEquals(0, rollback.exitCode(), rollback.printed());
        assertTrue(
            rollback
                .out()
                .startsWith(
                    "rolled back to tiny version 1: published it as version 3 (weights sha256 "
                        + sha(v1)),
            rollback.printed());
        BundleManifest serving = TestCluster.awaitServing(registry, 3);
        assertEquals(sha(v1), serving.weightsSha256(), "version 3 carries version 1's weights");
        assertEquals(1, serving.republishedFrom().version());

        TaggerCommand after =
            TestCluster.models(broker, "list", "--hmac-key-file", keyFile.toString());
        assertTrue(
            line(after, "republishes version 1")
                .matches("\\*\\s+3\\s+tiny\\s+3\\s.*" + sha(v1) + ".*"),
            after.printed());

        Path v2File = dir.resolve("v2.bundle");
        v2.write(v2File, Optional.of(KEY));
        TaggerCommand fromFile =
            TestCluster.models(
                broker,
                "rollback",
                "--bundle",
                v2File.toString(),
                "--hmac-key-file",
                keyFile.toString());
        assertEquals(0, fromFile.exitCode(), fromFile.printed());
        assertEquals(sha(v2), TestCluster.awaitServing(registry, 4).weightsSha256());

        TaggerCommand gone =
            TestCluster.models(
                broker, "rollback", "--to-version", "7", "--hmac-key-file", keyFile.toString());
        assertEquals(1, gone.exitCode(), gone.printed());
        assertTrue(
            gone.err().startsWith("error: no valid bundle of version 7 is on tagger-models"),
            gone.printed());
        TaggerCommand current =
            TestCluster.models(
                broker, "rollback", "--to-version", "4", "--hmac-key-file", keyFile.toString());
        assertEquals(1, current.exitCode(), current.printed());
        assertTrue(
            current.err().contains("version 4 is the one the taggers serve"), current.printed());
      }
    }
  }

  /** The one line of the listing that contains {@code text}. */
  private static String line(TaggerCommand list, String text) {
    List<String> lines = list.out().lines().filter(l -> l.contains(text)).toList();
    assertEquals(1, lines.size(), list.printed());
    return lines.get(0);
  }

  private static String sha(ModelBundle bundle) {
    return bundle.manifest().weightsSha256();
  }
}
