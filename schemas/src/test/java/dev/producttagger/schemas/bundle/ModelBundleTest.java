package dev.producttagger.schemas.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.schemas.IndependentValidator;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.bundle.InvalidBundleException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

  private static final byte[] KEY =
      "a signing key shared by trainer and tagger".getBytes(StandardCharsets.UTF_8);

  @Test
  void anUnsignedBundleSurvivesARoundTrip() {
    ModelBundle bundle = Samples.bundle();

    byte[] zip = bundle.toBytes(Optional.empty());

    assertEquals(bundle, ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty()));
    assertEquals(Set.of("manifest.json", "network.json", "weights.bin"), entries(zip).keySet());
  }

  @Test
  void aSignedBundleSurvivesARoundTripWithItsKey() {
    ModelBundle bundle = Samples.bundle();

    byte[] zip = bundle.toBytes(Optional.of(KEY));

    assertEquals(bundle, ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.of(KEY)));
    assertTrue(
        new String(entries(zip).get("signature"), StandardCharsets.US_ASCII)
            .matches("[0-9a-f]{64}"));
  }

  @Test
  void aSignedBundleReadsWithoutAKey() {
    byte[] zip = Samples.bundle().toBytes(Optional.of(KEY));

    assertEquals(Samples.bundle(), ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty()));
  }

  @Test
  void theSameBundleGivesTheSameBytesInAnyTimeZone() {
    byte[] first = Samples.bundle().toBytes(Optional.of(KEY));
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      assertArrayEquals(first, Samples.bundle().toBytes(Optional.of(KEY)));
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void aBundleFileSurvivesARoundTrip(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("fashion-mnist-3.zip");

    Samples.bundle().write(file, Optional.of(KEY));

    assertEquals(Samples.bundle(), ModelBundle.read(file, BundleLimits.DEFAULT, Optional.of(KEY)));
    assertArrayEquals(Samples.bundle().toBytes(Optional.of(KEY)), Files.readAllBytes(file));
  }

  @Test
  void aBundleFileBeyondTheLimitIsRefusedBeforeReading(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("big.zip");
    Files.write(file, new byte[2048]);

    InvalidBundleException e =
        assertThrows(
            InvalidBundleException.class,
            () -> ModelBundle.read(file, new BundleLimits(1024, 8, 1024), Optional.empty()));

    assertEquals(Problem.TOO_LARGE, e.problem());
  }

  @Test
  void weightsAreFloat32LittleEndian() {
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, WeightsCodec.encode(new float[] {1f}));
    assertArrayEquals(Samples.parameters(), WeightsCodec.decode(Samples.bundle().weights()));
    assertThrows(IllegalArgumentException.class, () -> WeightsCodec.decode(new byte[5]));
  }

  @Test
  void theManifestAsWrittenValidatesAgainstItsSchemaFile() throws IOException {
    byte[] manifest = entries(Samples.bundle().toBytes(Optional.empty())).get("manifest.json");

    assertEquals(
        Set.of(),
        IndependentValidator.validate(
            "bundle-manifest.schema.json", new ObjectMapper().readTree(manifest)));
  }

  @Test
  void aRepublishedBundleKeepsItsModelAndRecordsWhereItCameFrom() throws IOException {
    ModelBundle original = Samples.bundle();
    Instant rolledBackAt = Instant.parse("2026-12-01T08:00:00Z");
    ModelBundle republished =
        new ModelBundle(
            original.manifest().republishedAs(9, rolledBackAt),
            original.networkJson(),
            original.weights());

    byte[] zip = republished.toBytes(Optional.empty());

    BundleManifest read = ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty()).manifest();
    assertEquals(9, read.version());
    assertEquals(new Republication(3, rolledBackAt), read.republishedFrom());
    assertEquals(original.manifest().createdAt(), read.createdAt());
    assertEquals(original.manifest().metrics(), read.metrics());
    assertEquals(original.manifest().weightsSha256(), read.weightsSha256());
    assertNull(original.manifest().republishedFrom());
    assertManifestMatchesItsSchemaFile(zip);
  }

  @Test
  void aManifestWithoutValidationAccuracySurvivesARoundTrip() {
    ModelBundle bundle = Samples.bundle();
    BundleManifest manifest = bundle.manifest();
    Metrics testOnly = new Metrics(0.9, null, manifest.metrics().perClass(), null);
    ModelBundle withoutValidation =
        new ModelBundle(withMetrics(manifest, testOnly), bundle.networkJson(), bundle.weights());

    byte[] zip = withoutValidation.toBytes(Optional.empty());

    assertEquals(withoutValidation, ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty()));
    assertFalse(
        new String(entries(zip).get("manifest.json"), StandardCharsets.UTF_8)
            .contains("validationAccuracy"));
  }

  @Test
  void aMirrorAveragedManifestSurvivesARoundTripAndValidates() throws IOException {
    ModelBundle bundle = Samples.bundle();
    BundleManifest m = bundle.manifest();
    ModelBundle mirrorAveraged =
        new ModelBundle(
            with(m, m.input().withMirrorAveraging(), m.metrics()),
            bundle.networkJson(),
            bundle.weights());

    byte[] zip = mirrorAveraged.toBytes(Optional.empty());

    ModelBundle read = ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty());
    assertEquals(mirrorAveraged, read);
    assertTrue(read.manifest().input().mirrorAveraged());
    assertManifestMatchesItsSchemaFile(zip);
  }

  @Test
  void aManifestWrittenBeforeMirrorAveragingReadsAsOnePass() throws IOException {
    byte[] zip = sampleBundleWithEditedInput(input -> input.remove("mirrorAveraged"));

    ModelBundle read = ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty());

    assertFalse(read.manifest().input().mirrorAveraged());
    assertEquals(Samples.bundle(), read);
  }

  @Test
  void aNonBooleanMirrorAveragedBreaksTheSchema() throws IOException {
    byte[] zip = sampleBundleWithEditedInput(input -> input.put("mirrorAveraged", "yes"));

    InvalidBundleException e =
        assertThrows(
            InvalidBundleException.class,
            () -> ModelBundle.read(zip, BundleLimits.DEFAULT, Optional.empty()));

    assertEquals(Problem.BAD_MANIFEST, e.problem());
    assertTrue(e.getMessage().contains("/input/mirrorAveraged"), e.getMessage());
  }

  @Test
  void contentsMustMatchTheManifest() {
    byte[] network = Samples.networkJson();
    byte[] weights = WeightsCodec.encode(Samples.parameters());
    BundleManifest manifest = Samples.manifest(network, weights);

    assertEquals(
        Problem.CHECKSUM_MISMATCH,
        assertThrows(
                InvalidBundleException.class,
                () -> new ModelBundle(manifest, network, new byte[weights.length]))
            .problem());
    assertEquals(
        Problem.CHECKSUM_MISMATCH,
        assertThrows(
                InvalidBundleException.class,
                () -> new ModelBundle(manifest, "{}".getBytes(StandardCharsets.UTF_8), weights))
            .problem());
  }

  @Test
  void aManifestThatBreaksItsSchemaIsNeverWritten() {
    ModelBundle bundle = Samples.bundle();
    BundleManifest m = bundle.manifest();
    BundleManifest versionZero =
        new BundleManifest(
            m.name(),
            0,
            m.createdAt(),
            m.architecture(),
            m.classNames(),
            m.input(),
            m.provenance(),
            m.metrics(),
            m.parameterCount(),
            m.weightsSha256(),
            m.networkSha256());
    ModelBundle invalid = new ModelBundle(versionZero, bundle.networkJson(), bundle.weights());

    InvalidBundleException e =
        assertThrows(InvalidBundleException.class, () -> invalid.toBytes(Optional.empty()));

    assertEquals(Problem.BAD_MANIFEST, e.problem());
    assertTrue(e.getMessage().contains("/version"), e.getMessage());
  }

  @Test
  void anEmptySigningKeyIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Samples.bundle().toBytes(Optional.of(new byte[0])));
  }

  @Test
  void sha256HexMatchesTheStandardTestVector() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Checksums.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void toStringSummarisesInsteadOfDumpingBytes() {
    assertEquals(
        "ModelBundle[name=fashion-mnist, version=3, architecture=paper-dropout, network=69 bytes, "
            + "weights=1000 bytes]",
        Samples.bundle().toString());
  }

  private static void assertManifestMatchesItsSchemaFile(byte[] zip) throws IOException {
    assertEquals(
        Set.of(),
        IndependentValidator.validate(
            "bundle-manifest.schema.json",
            new ObjectMapper().readTree(entries(zip).get("manifest.json"))));
  }

  /** The sample bundle, unsigned, with its manifest's input object edited as raw JSON. */
  private static byte[] sampleBundleWithEditedInput(Consumer<ObjectNode> edit) throws IOException {
    Map<String, byte[]> entries =
        new HashMap<>(entries(Samples.bundle().toBytes(Optional.empty())));
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(entries.get("manifest.json"));
    edit.accept((ObjectNode) manifest.get("input"));
    entries.put("manifest.json", json.writeValueAsBytes(manifest));
    return BundleZip.write(entries);
  }

  private static Map<String, byte[]> entries(byte[] zip) {
    return BundleZip.read(
        zip,
        BundleLimits.DEFAULT,
        Set.of("manifest.json", "network.json", "weights.bin", "signature"));
  }

  private static BundleManifest withMetrics(BundleManifest m, Metrics metrics) {
    return with(m, m.input(), metrics);
  }

  private static BundleManifest with(BundleManifest m, InputSpec input, Metrics metrics) {
    return new BundleManifest(
        m.name(),
        m.version(),
        m.createdAt(),
        m.architecture(),
        m.classNames(),
        input,
        m.provenance(),
        metrics,
        m.parameterCount(),
        m.weightsSha256(),
        m.networkSha256());
  }
}
