package dev.producttagger.tagger.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Who may decide review requests: the reviewers file of {@code --reviewers FILE}, one reviewer per
 * line as {@code ID:pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in base64), blank lines and
 * {@code #} comments allowed. Only a salted PBKDF2 hash of each reviewer's token is stored, so the
 * file does not let anyone decide; {@code tagger reviewers add} writes a line and prints the token
 * once.
 *
 * <p>A reviewer authenticates each write with {@code Authorization: Bearer ID:TOKEN}. PBKDF2 is
 * slow on purpose, so a header that verified once is remembered (by its SHA-256) for the life of
 * the process; a wrong token is checked in full every time.
 */
public final class Reviewers {

  /** Reviewer ids: short, printable, no colon (it separates the id from the token). */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  static final String ALGORITHM = "pbkdf2-sha256";

  /** About 0.1 s on one core of a 2-core cloud VM: slow to guess, once per session to check. */
  static final int ITERATIONS = 210_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final int TOKEN_BYTES = 24;
  private static final int REMEMBERED_HEADERS = 1024;
  private static final String BEARER = "Bearer ";

  private final Map<String, Credential> byId;
  private final Map<String, String> verifiedHeaders = new ConcurrentHashMap<>();

  private record Credential(int iterations, byte[] salt, byte[] hash) {}

  private Reviewers(Map<String, Credential> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** No reviewers: every write is refused, as when the tagger runs without {@code --reviewers}. */
  public static Reviewers none() {
    return new Reviewers(Map.of());
  }

  /**
   * The reviewers in {@code file}.
   *
   * @throws IOException if it cannot be read, or a line is not a reviewer (the message names the
   *     line), or an id is there twice
   */
  public static Reviewers read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Credential> byId = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] fields = line.split(":", -1);
      if (fields.length != 5 || !ID.matcher(fields[0]).matches() || !fields[1].equals(ALGORITHM)) {
        throw new IOException(
            where
                + ": expected ID:"
                + ALGORITHM
                + ":ITERATIONS:SALT:HASH, as 'tagger reviewers add' writes");
      }
      try {
        int iterations = Integer.parseInt(fields[2]);
        byte[] salt = Base64.getDecoder().decode(fields[3]);
        byte[] hash = Base64.getDecoder().decode(fields[4]);
        if (iterations < 1 || salt.length == 0 || hash.length != HASH_BITS / 8) {
          throw new IllegalArgumentException("iterations, salt or hash out of range");
        }
        if (byId.put(fields[0], new Credential(iterations, salt, hash)) != null) {
          throw new IOException(where + ": reviewer '" + fields[0] + "' is listed twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": " + e.getMessage(), e);
      }
    }
    return new Reviewers(byId);
  }

  /** Whether {@code id} is one of the reviewers. */
  public boolean knows(String id) {
    return byId.containsKey(id);
  }

  /** Whether anyone may decide: false without a reviewers file, or with an empty one. */
  public boolean enabled() {
    return !byId.isEmpty();
  }

  /**
   * The reviewer an {@code Authorization} header proves, or empty when it is missing, malformed or
   * wrong.
   */
  public Optional<String> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return Optional.empty();
    }
    String remembered = verifiedHeaders.get(digest(authorization));
    if (remembered != null) {
      return Optional.of(remembered);
    }
    String credentials = authorization.substring(BEARER.length()).strip();
    int colon = credentials.indexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    String id = credentials.substring(0, colon);
    Credential credential = byId.get(id);
    if (credential == null
        || !MessageDigest.isEqual(
            credential.hash(),
            hash(credentials.substring(colon + 1), credential.salt(), credential.iterations()))) {
      return Optional.empty();
    }
    if (verifiedHeaders.size() >= REMEMBERED_HEADERS) {
      verifiedHeaders.clear();
    }
    verifiedHeaders.put(digest(authorization), id);
    return Optional.of(id);
  }

  /** A new random token for a reviewer: 24 bytes, base64url. */
  public static String newToken(SecureRandom random) {
    byte[] token = new byte[TOKEN_BYTES];
    random.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** The reviewers-file line for {@code id} with {@code token}, under a fresh salt. */
  public static String line(String id, String token, SecureRandom random) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a reviewer id is 1 to 64 of A-Z a-z 0-9 . _ @ -, not '" + id + "'");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder();
    return String.join(
        ":",
        id,
        ALGORITHM,
        Integer.toString(ITERATIONS),
        base64.encodeToString(salt),
        base64.encodeToString(hash(token, salt, ITERATIONS)));
  }

  private static byte[] hash(String token, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String digest(String header) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
