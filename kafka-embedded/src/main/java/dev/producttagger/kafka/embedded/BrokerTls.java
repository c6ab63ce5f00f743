package dev.producttagger.kafka.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A broker's TLS material: its private key and self-signed certificate in a PKCS12 keystore, and a
 * PKCS12 truststore holding only that certificate, which is what a client needs to trust the
 * broker. {@link #selfSigned} makes both with the JDK's {@code keytool} when asked, so no private
 * key is ever committed: a test or a local trial makes its own, valid for {@code 127.0.0.1} and
 * {@code localhost}.
 *
 * @param password protects both stores and the key
 */
public record BrokerTls(Path keystore, Path truststore, String password) {

  private static final String ALIAS = "embedded-broker";
  private static final String STORE_TYPE = "PKCS12";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  public BrokerTls {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(password, "password");
  }

  /**
   * A new key pair and certificate for the embedded broker's address, valid for two days, written
   * to {@code broker.p12} and {@code truststore.p12} in {@code directory} with a random password.
   *
   * @throws IOException if keytool cannot be run or fails
   */
  public static BrokerTls selfSigned(Path directory) throws IOException {
    Files.createDirectories(directory);
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    BrokerTls tls =
        new BrokerTls(
            directory.resolve("broker.p12"),
            directory.resolve("truststore.p12"),
            HexFormat.of().formatHex(secret));
    Path certificate = directory.resolve("broker.pem");
    tls.keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        tls.keystore.toString());
    tls.keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        ALIAS,
        "-file",
        certificate.toString(),
        "-keystore",
        tls.keystore.toString());
    tls.keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        ALIAS,
        "-file",
        certificate.toString(),
        "-keystore",
        tls.truststore.toString());
    return tls;
  }

  /** The broker's own settings: its key for its listeners, the truststore for its own clients. */
  Map<String, String> brokerProperties() {
    return Map.of(
        "ssl.keystore.location", keystore.toString(),
        "ssl.keystore.password", password,
        "ssl.key.password", password,
        "ssl.keystore.type", STORE_TYPE,
        "ssl.truststore.location", truststore.toString(),
        "ssl.truststore.password", password,
        "ssl.truststore.type", STORE_TYPE);
  }

  /** What a client adds to trust this broker: the truststore, never the key. */
  public Map<String, String> clientProperties() {
    return Map.of(
        "ssl.truststore.location", truststore.toString(),
        "ssl.truststore.password", password,
        "ssl.truststore.type", STORE_TYPE);
  }

  private void keytool(String... command) throws IOException {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    args.addAll(List.of(command));
    args.addAll(List.of("-storetype", STORE_TYPE, "-storepass", password));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + command[0] + " did not finish");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool " + command[0] + " ran", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("keytool " + command[0] + " failed: " + output.strip());
    }
  }
}
