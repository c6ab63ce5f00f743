package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole broker contract, exactly-once Streams included, with SASL/PLAIN required on the client
 * listener: standard Kafka client security settings are honoured end to end.
 */
class SaslEmbeddedBrokerIT extends BrokerContract {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker =
        EmbeddedKafkaBroker.start(
            EmbeddedKafkaConfig.temporary().withSaslPlain(new SaslPlainUser("tagger", "s3cret")));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  Map<String, Object> clientConfigs() {
    return broker.clientConfigs();
  }

  @Test
  void aClientWithTheWrongPasswordIsRefused() {
    Map<String, Object> wrong = new HashMap<>(broker.clientConfigs());
    wrong.put("sasl.jaas.config", new SaslPlainUser("tagger", "guess").clientJaasConfig());
    wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(wrong)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof SaslAuthenticationException, String.valueOf(e.getCause()));
    }
  }

  @Test
  void aPlaintextClientGetsNothing() {
    Map<String, Object> plaintext =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(plaintext)) {
      assertThrows(Exception.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
    }
  }
}
