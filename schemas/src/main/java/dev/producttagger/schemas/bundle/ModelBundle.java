package dev.producttagger.schemas.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.bundle.InvalidBundleException.Problem;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonInputException;
import dev.producttagger.schemas.json.JsonSchemaFile;
import dev.producttagger.schemas.json.ReadLimits;
import dev.producttagger.schemas.json.SchemaViolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A trained model as one file: the manifest, the network configuration ({@code network.json},
 * written and read by the trainer and tagger, opaque here) and the parameters ({@code weights.bin},
 * in {@link WeightsCodec}'s format). A bundle always agrees with its manifest's checksums and
 * parameter count. The arrays are not copied; treat them as read-only.
 */
public final class ModelBundle {

  /** The {@link BundleManifest} as JSON. */
  public static final String MANIFEST_ENTRY = "manifest.json";

  /** The network configuration, opaque here. */
  public static final String NETWORK_ENTRY = "network.json";

  /** The parameters, in {@link WeightsCodec}'s format. */
  public static final String WEIGHTS_ENTRY = "weights.bin";

  /** Optional: hex HMAC-SHA256 of the exact manifest.json bytes. */
  public static final String SIGNATURE_ENTRY = "signature";

  private static final Set<String> ENTRY_NAMES =
      Set.of(MANIFEST_ENTRY, NETWORK_ENTRY, WEIGHTS_ENTRY, SIGNATURE_ENTRY);
  private static final JsonCodec CODEC = new JsonCodec(ReadLimits.TEXT_ONLY);

  private final BundleManifest manifest;
  private final byte[] networkJson;
  private final byte[] weights;

  /**
   * @throws InvalidBundleException CHECKSUM_MISMATCH or PARAMETER_COUNT_MISMATCH if the contents do
   *     not match the manifest
   */
  public ModelBundle(BundleManifest manifest, byte[] networkJson, byte[] weights) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.networkJson = Objects.requireNonNull(networkJson, "networkJson");
    this.weights = Objects.requireNonNull(weights, "weights");
    requireChecksum(NETWORK_ENTRY, networkJson, manifest.networkSha256());
    requireChecksum(WEIGHTS_ENTRY, weights, manifest.weightsSha256());
    if (weights.length != manifest.parameterCount() * Float.BYTES) {
      throw new InvalidBundleException(
          Problem.PARAMETER_COUNT_MISMATCH,
          WEIGHTS_ENTRY
              + " has "
              + weights.length
              + " bytes but the manifest states "
              + manifest.parameterCount()
              + " float32 parameters");
    }
  }

  /**
   * Reads and checks a bundle: limits, entries, signature (when {@code hmacKey} is given; a
   * signature is not checked without a key), manifest schema, checksums and parameter count.
   *
   * @param hmacKey the signing key; when present, the bundle must carry a matching signature
   * @throws InvalidBundleException for any problem, with its {@link Problem} code
   */
  public static ModelBundle read(byte[] zip, BundleLimits limits, Optional<byte[]> hmacKey) {
    Map<String, byte[]> entries = BundleZip.read(zip, limits, ENTRY_NAMES);
    byte[] manifestJson = requireEntry(entries, MANIFEST_ENTRY);
    byte[] networkJson = requireEntry(entries, NETWORK_ENTRY);
    byte[] weights = requireEntry(entries, WEIGHTS_ENTRY);
    if (hmacKey.isPresent()) {
      // Authenticate before parsing anything an attacker may have written.
      byte[] signature = entries.get(SIGNATURE_ENTRY);
      if (signature == null) {
        throw new InvalidBundleException(
            Problem.SIGNATURE_MISSING,
            "a signing key is configured but the bundle has no " + SIGNATURE_ENTRY + " entry");
      }
      if (!BundleSignature.matches(hmacKey.get(), manifestJson, signature)) {
        throw new InvalidBundleException(
            Problem.SIGNATURE_INVALID,
            "the signature does not match " + MANIFEST_ENTRY + " under the configured key");
      }
    }
    return new ModelBundle(parseManifest(manifestJson), networkJson, weights);
  }

  /**
   * Reads and checks a bundle file, refusing one bigger than the limits before reading it.
   *
   * @see #read(byte[], BundleLimits, Optional)
   */
  public static ModelBundle read(Path file, BundleLimits limits, Optional<byte[]> hmacKey)
      throws IOException {
    long size = Files.size(file);
    if (size > limits.maxTotalBytes()) {
      throw new InvalidBundleException(
          Problem.TOO_LARGE,
          file + " has " + size + " bytes, more than the limit of " + limits.maxTotalBytes());
    }
    return read(Files.readAllBytes(file), limits, hmacKey);
  }

  /**
   * The bundle as ZIP bytes, signed when {@code hmacKey} is given. Deterministic: the same bundle
   * and key always give the same bytes.
   *
   * @throws InvalidBundleException BAD_MANIFEST if the manifest breaks its schema, so that nothing
   *     is written that a reader would refuse
   */
  public byte[] toBytes(Optional<byte[]> hmacKey) {
    byte[] manifestJson = CODEC.write(manifest);
    parseManifest(manifestJson);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(MANIFEST_ENTRY, manifestJson);
    entries.put(NETWORK_ENTRY, networkJson);
    entries.put(WEIGHTS_ENTRY, weights);
    hmacKey.ifPresent(
        key ->
            entries.put(
                SIGNATURE_ENTRY,
                BundleSignature.sign(key, manifestJson).getBytes(StandardCharsets.US_ASCII)));
    return BundleZip.write(entries);
  }

  /** Writes {@link #toBytes(Optional)} to {@code file}, replacing it if it exists. */
  public void write(Path file, Optional<byte[]> hmacKey) throws IOException {
    Files.write(file, toBytes(hmacKey));
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** {@code network.json}: the network configuration as the trainer wrote it. */
  public byte[] networkJson() {
    return networkJson;
  }

  /**
   * {@code weights.bin}: {@link BundleManifest#parameterCount()} float32 values; see {@link
   * WeightsCodec}.
   */
  public byte[] weights() {
    return weights;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelBundle that
        && manifest.equals(that.manifest)
        && Arrays.equals(networkJson, that.networkJson)
        && Arrays.equals(weights, that.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(manifest, Arrays.hashCode(networkJson), Arrays.hashCode(weights));
  }

  @Override
  public String toString() {
    return "ModelBundle[name="
        + manifest.name()
        + ", version="
        + manifest.version()
        + ", architecture="
        + manifest.architecture()
        + ", network="
        + networkJson.length
        + " bytes, weights="
        + weights.length
        + " bytes]";
  }

  private static BundleManifest parseManifest(byte[] manifestJson) {
    try {
      JsonNode document = CODEC.readTree(manifestJson);
      List<SchemaViolation> violations = JsonSchemaFile.BUNDLE_MANIFEST.validate(document);
      if (!violations.isEmpty()) {
        String problems =
            violations.stream()
                .map(SchemaViolation::describe)
                .distinct()
                .collect(Collectors.joining("; "));
        throw new InvalidBundleException(
            Problem.BAD_MANIFEST, MANIFEST_ENTRY + " breaks its schema: " + problems);
      }
      return CODEC.toValue(document, BundleManifest.class);
    } catch (JsonInputException e) {
      throw new InvalidBundleException(Problem.BAD_MANIFEST, MANIFEST_ENTRY + ": " + e.detail(), e);
    }
  }

  private static byte[] requireEntry(Map<String, byte[]> entries, String name) {
    byte[] content = entries.get(name);
    if (content == null) {
      throw new InvalidBundleException(
          Problem.MISSING_ENTRY, "the bundle has no " + name + " entry");
    }
    return content;
  }

  private static void requireChecksum(String entry, byte[] content, String expectedSha256) {
    String actual = Checksums.sha256Hex(content);
    if (!actual.equals(expectedSha256)) {
      throw new InvalidBundleException(
          Problem.CHECKSUM_MISMATCH,
          entry + " has SHA-256 " + actual + " but the manifest states " + expectedSha256);
    }
  }
}
