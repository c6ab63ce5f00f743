package dev.producttagger.kafka.embedded;

import java.util.Objects;

/**
 * The one SASL/PLAIN user of a broker that requires authentication on its client listener: the
 * broker accepts exactly this user, and clients log in as it.
 */
public record SaslPlainUser(String username, String password) {

  public SaslPlainUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank() || username.contains("\"") || password.contains("\"")) {
      throw new IllegalArgumentException(
          "SASL/PLAIN user needs a non-blank name; no quotes in name or password");
    }
  }

  /** The JAAS line a client logs in with. */
  String clientJaasConfig() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + username
        + "\" password=\""
        + password
        + "\";";
  }

  /** The JAAS line of the broker's listener: it logs in as this user and accepts only this user. */
  String brokerJaasConfig() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + username
        + "\" password=\""
        + password
        + "\" user_"
        + username
        + "=\""
        + password
        + "\";";
  }
}
