package dev.producttagger.schemas.bundle;

import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.BAD_MANIFEST;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.CHECKSUM_MISMATCH;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.DUPLICATE_ENTRY;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.MISSING_ENTRY;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.NOT_A_ZIP;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.PARAMETER_COUNT_MISMATCH;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.SIGNATURE_INVALID;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.SIGNATURE_MISSING;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.TOO_LARGE;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.TOO_MANY_ENTRIES;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.UNEXPECTED_ENTRY;
import static dev.producttagger.schemas.bundle.InvalidBundleException.Problem.ZIP_BOMB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.bundle.InvalidBundleException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a bundle can be bad is refused with its own code, and nothing bad is inflated far. */
class InvalidBundleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY = "the right key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_KEY = "another key".getBytes(StandardCharsets.UTF_8);
  private static final Optional<byte[]> NO_KEY = Optional.empty();
  private static final BundleLimits DEFAULT = BundleLimits.DEFAULT;
  private static final long MIB = 1024 * 1024;
  private static final Set<String> ALL_ENTRIES =
      Set.of("manifest.json", "network.json", "weights.bin", "signature");

  static Stream<Arguments> badBundles() {
    byte[] valid = Samples.bundle().toBytes(NO_KEY);
    byte[] signed = Samples.bundle().toBytes(Optional.of(KEY));
    return Stream.of(
        bad("bigger than the total limit", valid, DEFAULT.withMaxTotalBytes(100), TOO_LARGE),
        bad("random bytes", random(4096), NOT_A_ZIP),
        bad("no bytes", new byte[0], NOT_A_ZIP),
        bad("text", bytes("manifest.json"), NOT_A_ZIP),
        bad("an empty ZIP", emptyZip(), NOT_A_ZIP),
        bad("a truncated ZIP", Arrays.copyOf(valid, valid.length * 3 / 5), NOT_A_ZIP),
        bad("damaged compressed data", damageWeights(valid), NOT_A_ZIP),
        bad("more entries than allowed", signed, new BundleLimits(MIB, 3, MIB), TOO_MANY_ENTRIES),
        bad(
            "an unknown entry",
            edit(entries -> entries.put("README.txt", new byte[1])),
            UNEXPECTED_ENTRY),
        bad(
            "a path outside",
            edit(entries -> entries.put("../manifest.json", new byte[1])),
            UNEXPECTED_ENTRY),
        bad("a directory", edit(entries -> entries.put("weights/", new byte[0])), UNEXPECTED_ENTRY),
        bad("a duplicate entry", duplicateWeights(), DUPLICATE_ENTRY),
        bad("no manifest.json", edit(entries -> entries.remove("manifest.json")), MISSING_ENTRY),
        bad("no network.json", edit(entries -> entries.remove("network.json")), MISSING_ENTRY),
        bad("no weights.bin", edit(entries -> entries.remove("weights.bin")), MISSING_ENTRY),
        bad("an entry beyond the entry limit", valid, new BundleLimits(MIB, 8, 500), ZIP_BOMB),
        bad(
            "entries beyond the total limit",
            compressibleNetwork(),
            new BundleLimits(10_000, 8, MIB),
            ZIP_BOMB),
        bad("a manifest that is not JSON", manifest(bytes("manifest")), BAD_MANIFEST),
        bad("a manifest that is an array", manifest(bytes("[]")), BAD_MANIFEST),
        bad(
            "a manifest in invalid UTF-8",
            manifest(new byte[] {'{', (byte) 0xFF, '}'}),
            BAD_MANIFEST),
        bad(
            "a manifest nested too deep",
            editManifest(m -> m.set("extra", JSON.valueToTree(nested(40)))),
            BAD_MANIFEST),
        bad("a manifest without version", editManifest(m -> m.remove("version")), BAD_MANIFEST),
        bad("a manifest with version 0", editManifest(m -> m.put("version", 0)), BAD_MANIFEST),
        bad(
            "a manifest of a later schema",
            editManifest(m -> m.put("schemaVersion", 2)),
            BAD_MANIFEST),
        bad(
            "a manifest with an upper-case checksum",
            editManifest(
                m -> m.put("weightsSha256", m.get("weightsSha256").asText().toUpperCase())),
            BAD_MANIFEST),
        bad(
            "a manifest with a class twice",
            editManifest(m -> m.withArray("classNames").add("Sneaker")),
            BAD_MANIFEST),
        bad(
            "a manifest with a bad date",
            editManifest(m -> m.put("createdAt", "yesterday")),
            BAD_MANIFEST),
        bad(
            "changed weights",
            edit(entries -> entries.get("weights.bin")[0] ^= 1),
            CHECKSUM_MISMATCH),
        bad(
            "changed network",
            edit(entries -> entries.put("network.json", bytes("{}"))),
            CHECKSUM_MISMATCH),
        bad(
            "a wrong parameter count",
            editManifest(m -> m.put("parameterCount", m.get("parameterCount").asLong() + 1)),
            PARAMETER_COUNT_MISMATCH),
        badForKey("no signature though a key is set", valid, KEY, SIGNATURE_MISSING),
        badForKey("signed with another key", signed, OTHER_KEY, SIGNATURE_INVALID),
        badForKey(
            "a manifest changed after signing",
            resign(signed, m -> m.put("version", 4)),
            KEY,
            SIGNATURE_INVALID),
        badForKey(
            "a signature that is not hex",
            edit(entries -> entries.put("signature", bytes("not hex"))),
            KEY,
            SIGNATURE_INVALID),
        badForKey(
            "an empty signature",
            edit(entries -> entries.put("signature", new byte[0])),
            KEY,
            SIGNATURE_INVALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBundles")
  void isRefusedWithItsProblem(
      String description, byte[] zip, BundleLimits limits, Optional<byte[]> key, Problem problem) {
    InvalidBundleException e =
        assertThrows(InvalidBundleException.class, () -> ModelBundle.read(zip, limits, key));

    assertEquals(problem, e.problem(), e::getMessage);
    assertTrue(
        e.getMessage().startsWith(problem + ": ")
            && e.getMessage().length() > problem.name().length() + 10,
        e.getMessage());
  }

  @Test
  void aRealZipBombFailsFastWithoutBeingInflated() {
    int bombBytes = 200 * 1024 * 1024;
    byte[] bomb = zipOfZeros("weights.bin", bombBytes);
    // One valid read first, so that class loading does not count as the bomb's allocation.
    ModelBundle.read(Samples.bundle().toBytes(NO_KEY), DEFAULT, NO_KEY);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long startNanos = System.nanoTime();

    InvalidBundleException e =
        assertThrows(InvalidBundleException.class, () -> ModelBundle.read(bomb, DEFAULT, NO_KEY));

    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    assertEquals(ZIP_BOMB, e.problem(), e::getMessage);
    assertTrue(bomb.length < 1024 * 1024, "the bomb is small: " + bomb.length);
    assertTrue(
        allocated < DEFAULT.maxEntryBytes() + 4 * 1024 * 1024,
        "allocated "
            + allocated
            + " bytes, no more than the entry limit, for a "
            + bombBytes
            + "-byte bomb");
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  private static Arguments bad(String description, byte[] zip, Problem problem) {
    return bad(description, zip, DEFAULT, problem);
  }

  private static Arguments bad(
      String description, byte[] zip, BundleLimits limits, Problem problem) {
    return Arguments.of(description, zip, limits, NO_KEY, problem);
  }

  private static Arguments badForKey(String description, byte[] zip, byte[] key, Problem problem) {
    return Arguments.of(description, zip, DEFAULT, Optional.of(key), problem);
  }

  /** The entries of a valid, signed bundle, changed by {@code change} and zipped again. */
  private static byte[] edit(Consumer<Map<String, byte[]>> change) {
    Map<String, byte[]> entries =
        new LinkedHashMap<>(
            BundleZip.read(Samples.bundle().toBytes(Optional.of(KEY)), DEFAULT, ALL_ENTRIES));
    change.accept(entries);
    return BundleZip.write(entries);
  }

  /** A valid bundle with {@code manifestJson} as its manifest, unsigned. */
  private static byte[] manifest(byte[] manifestJson) {
    return edit(
        entries -> {
          entries.remove("signature");
          entries.put("manifest.json", manifestJson);
        });
  }

  /** A valid bundle whose manifest.json is changed by {@code change}, unsigned. */
  private static byte[] editManifest(Consumer<ObjectNode> change) {
    return edit(
        entries -> {
          entries.remove("signature");
          entries.put("manifest.json", changedJson(entries.get("manifest.json"), change));
        });
  }

  /** {@code signed} with its manifest changed but the old signature kept. */
  private static byte[] resign(byte[] signed, Consumer<ObjectNode> change) {
    Map<String, byte[]> entries = new LinkedHashMap<>(BundleZip.read(signed, DEFAULT, ALL_ENTRIES));
    entries.put("manifest.json", changedJson(entries.get("manifest.json"), change));
    return BundleZip.write(entries);
  }

  private static byte[] changedJson(byte[] json, Consumer<ObjectNode> change) {
    try {
      ObjectNode document = (ObjectNode) JSON.readTree(json);
      change.accept(document);
      return JSON.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Two weights.bin entries: ZipOutputStream refuses to write them, so rename one after writing.
   */
  private static byte[] duplicateWeights() {
    byte[] zip = edit(entries -> entries.put("weights.biX", entries.get("weights.bin")));
    byte[] from = bytes("weights.biX");
    for (int i = 0; i + from.length <= zip.length; i++) {
      if (Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
        zip[i + from.length - 1] = 'n';
      }
    }
    return zip;
  }

  /** A valid bundle whose network.json is 100 kB of spaces: tiny zipped, big inflated. */
  private static byte[] compressibleNetwork() {
    byte[] network = bytes("{" + " ".repeat(100_000) + "}");
    byte[] weights = WeightsCodec.encode(Samples.parameters());
    return new ModelBundle(Samples.manifest(network, weights), network, weights).toBytes(NO_KEY);
  }

  /** Flips a byte in the middle of weights.bin's compressed data. */
  private static byte[] damageWeights(byte[] zip) {
    byte[] name = bytes("weights.bin");
    for (int i = 0; i + name.length <= zip.length; i++) {
      if (Arrays.equals(zip, i, i + name.length, name, 0, name.length)) {
        byte[] damaged = zip.clone();
        damaged[i + name.length + 200] ^= (byte) 0xFF;
        return damaged;
      }
    }
    throw new IllegalStateException("no weights.bin in the bundle");
  }

  private static byte[] zipOfZeros(String entryName, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entryName));
      byte[] zeros = new byte[1024 * 1024];
      for (int written = 0; written < size; written += zeros.length) {
        zip.write(zeros);
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An end-of-central-directory record and nothing else: what zip tools write for no files. */
  private static byte[] emptyZip() {
    byte[] zip = new byte[22];
    zip[0] = 'P';
    zip[1] = 'K';
    zip[2] = 5;
    zip[3] = 6;
    return zip;
  }

  private static Object nested(int depth) {
    Object value = 1;
    for (int i = 0; i < depth; i++) {
      value = java.util.List.of(value);
    }
    return value;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
