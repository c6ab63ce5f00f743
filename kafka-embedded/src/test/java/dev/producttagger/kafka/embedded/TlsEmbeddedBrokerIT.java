package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole broker contract, exactly-once Streams included, on a broker that speaks only TLS, with
 * a certificate made by the test: once plain SSL, once SASL_SSL. A client that does not trust the
 * certificate, or speaks plaintext, gets nothing.
 */
class TlsEmbeddedBrokerIT {

  @TempDir static Path certificates;

  private static EmbeddedKafkaBroker ssl;
  private static EmbeddedKafkaBroker saslSsl;

  @BeforeAll
  static void startBrokers() throws IOException {
    BrokerTls tls = BrokerTls.selfSigned(certificates);
    ssl = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary().withTls(tls));
    saslSsl =
        EmbeddedKafkaBroker.start(
            EmbeddedKafkaConfig.temporary()
                .withTls(tls)
                .withSaslPlain(new SaslPlainUser("tagger", "s3cret")));
  }

  @AfterAll
  static void stopBrokers() {
    ssl.close();
    saslSsl.close();
  }

  @Nested
  class Ssl extends BrokerContract {
    @Override
    Map<String, Object> clientConfigs() {
      return ssl.clientConfigs();
    }
  }

  @Nested
  class SaslSsl extends BrokerContract {
    @Override
    Map<String, Object> clientConfigs() {
      return saslSsl.clientConfigs();
    }
  }

  @Test
  void theCertificateIsMadeForTheBrokersAddressAndOnlyTheKeystoreHoldsItsKey() throws Exception {
    BrokerTls tls = BrokerTls.selfSigned(certificates.resolve("again"));
    KeyStore keystore = KeyStore.getInstance(tls.keystore().toFile(), tls.password().toCharArray());
    KeyStore truststore =
        KeyStore.getInstance(tls.truststore().toFile(), tls.password().toCharArray());
    String alias = keystore.aliases().nextElement();
    assertTrue(keystore.isKeyEntry(alias));
    assertEquals(1, truststore.size());
    String trusted = truststore.aliases().nextElement();
    assertFalse(truststore.isKeyEntry(trusted), "a client's truststore never holds the key");
    assertEquals(keystore.getCertificate(alias), truststore.getCertificate(trusted));
    assertTrue(
        ((java.security.cert.X509Certificate) truststore.getCertificate(trusted))
            .getSubjectAlternativeNames().stream()
                .anyMatch(name -> name.get(1).equals("127.0.0.1")));
    assertFalse(
        tls.clientProperties().containsValue(tls.keystore().toString()),
        "clients are given the truststore only");
    assertTrue(Files.size(tls.keystore()) > 0);
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() {
    Map<String, Object> untrusting = new HashMap<>(ssl.clientConfigs());
    untrusting.remove("ssl.truststore.location");
    untrusting.remove("ssl.truststore.password");
    untrusting.remove("ssl.truststore.type");
    untrusting.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    untrusting.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(untrusting)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
      assertInstanceOf(SslAuthenticationException.class, e.getCause());
    }
  }

  @Test
  void aPlaintextClientGetsNothing() {
    Map<String, Object> plaintext =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, ssl.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(plaintext)) {
      assertThrows(Exception.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
    }
  }
}
