package dev.producttagger.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.json.JsonCodec;
import dev.producttagger.schemas.json.JsonSchemaFile;
import dev.producttagger.schemas.json.ReadLimits;
import dev.producttagger.schemas.json.SchemaViolation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass upload reader never changes an answer: with it, the serde gives the same record or
 * the same rejection as the full pipeline alone, on every upload, good or bad.
 */
class ImageUploadedStreamReaderTest {

  private static final int MAX_IMAGE_BYTES = 4096;
  private static final JsonCodec CODEC =
      new JsonCodec(ReadLimits.forBinaryPayload(MAX_IMAGE_BYTES));
  private static final ImageUploadedStreamReader READER = new ImageUploadedStreamReader(CODEC);
  private static final JsonSerde<ImageUploaded> WITH_ONE_PASS =
      EventSerdes.imageUploaded(MAX_IMAGE_BYTES);
  private static final JsonSerde<ImageUploaded> FULL_PIPELINE_ONLY = fullPipelineOnly();
  private static final JsonSerde<ImageUploaded> SERDE = EventSerdes.imageUploaded();

  static Stream<String> ordinaryUploads() {
    String gray8 = text(Samples.gray8Upload());
    return Stream.of(
        gray8,
        text(Samples.pngUpload()),
        text(upload(Instant.parse("2026-11-28T05:00:00Z"), "seller-1", Encoding.GRAY8)),
        text(upload(Instant.parse("2026-11-28T05:00:00.120Z"), "seller-1", Encoding.GRAY8)),
        text(upload(Instant.parse("2026-11-28T05:00:00.000001Z"), "seller-1", Encoding.JPEG)),
        text(upload(Instant.parse("2024-02-29T23:59:59.5Z"), "s".repeat(1024), Encoding.GRAY8)),
        gray8.replace("seller-17", "sell\\u00e9r \\ud83d\\ude00 \\\"17\\\""),
        gray8
            .replace("{\"schemaVersion\"", "{\"addedLater\":[],\"schemaVersion\"")
            .replace("[]", "\"x\",\"alsoLater\":-1.5e3,\"flag\":true,\"none\":null"),
        gray8.replace("\"encoding\"", "\"colourSpace\":\"sRGB\",\"encoding\""),
        gray8.replace(",", " ,\n\t").replace("\":", "\" : "),
        reversedFields(gray8));
  }

  @ParameterizedTest
  @MethodSource("ordinaryUploads")
  void readsOrdinaryUploadsInOnePassAsTheSameRecord(String upload) {
    byte[] value = upload.getBytes(StandardCharsets.UTF_8);

    ImageUploaded read = READER.read(value);

    assertNotNull(read, upload);
    assertEquals(FULL_PIPELINE_ONLY.deserialize(value), read);
  }

  @Test
  void readsWhatTheTrafficGeneratorWrites() {
    ImageUploaded upload = upload(Instant.now(), "demo-seller-3", Encoding.GRAY8);

    assertEquals(upload, READER.read(SERDE.serialize(upload)));
  }

  /** Valid uploads it cannot vouch for in one pass still read, through the full pipeline. */
  @Test
  void leavesOtherValidUploadsToTheFullPipeline() {
    String gray8 = text(Samples.gray8Upload());
    List<String> declined =
        List.of(
            gray8.replace("seller-17", "sellér-17"),
            gray8.replace("\"seller-17\"", "\"seller-17\",\"extra\":{\"a\":[1]}"),
            gray8.replace("12:00:00.123456789Z", "13:00:00.123456789+01:00"),
            gray8.replace("12:00:00.123456789Z", "12:00:00.123456789z"),
            gray8.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0"));
    for (String upload : declined) {
      byte[] value = upload.getBytes(StandardCharsets.UTF_8);
      assertNull(READER.read(value), upload);
      assertSameOutcome(value);
    }
    assertEquals(
        Samples.gray8Upload(), SERDE.deserialize(declined.get(2).getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "dev.producttagger.schemas.serde.ImageUploadedDeserializationTest#malformed",
    "dev.producttagger.schemas.serde.ImageUploadedDeserializationTest#accepted"
  })
  void agreesWithTheFullPipelineOnEveryCaseOfTheFrontDoorTest(String description, byte[] value) {
    assertSameOutcome(value);
  }

  @Test
  void agreesWithTheFullPipelineOnDamagedUploads() {
    Random random = new Random(29);
    String alphabet = "{}[]:,\"\\ \n0123456789-+.eETZtzabcdefABCDEF=/\u00e9\u0000";
    List<String> originals = ordinaryUploads().toList();
    int readInOnePass = 0;
    int mutants = 6_000;
    for (int i = 0; i < mutants; i++) {
      StringBuilder text = new StringBuilder(originals.get(random.nextInt(originals.size())));
      for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, c);
          case 1 -> text.deleteCharAt(at);
          default -> text.insert(at, c);
        }
      }
      byte[] value = text.toString().getBytes(StandardCharsets.UTF_8);
      assertSameOutcome(value);
      if (READER.read(value) != null) {
        readInOnePass++;
      }
    }
    // Both paths were exercised: damage in image bytes or unknown fields often leaves it valid.
    assertTrue(readInOnePass > mutants / 20 && readInOnePass < mutants / 2, "" + readInOnePass);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-01T24:00:00Z",
        "2026-03-01T23:59:60Z",
        "2026-02-29T12:00:00Z",
        "2024-02-29T12:00:00Z",
        "2026-04-31T12:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2026-03-01T12:00:00.Z",
        "2026-03-01T12:00:00.1234567890Z"
      })
  void agreesWithTheFullPipelineOnEdgeTimestamps(String timestamp) {
    assertSameOutcome(
        text(Samples.gray8Upload())
            .replace("2026-03-01T12:00:00.123456789Z", timestamp)
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void agreesWithTheFullPipelineOnRandomTimestampsAndIds() {
    Random random = new Random(31);
    String gray8 = text(Samples.gray8Upload());
    int readInOnePass = 0;
    for (int i = 0; i < 4_000; i++) {
      String timestamp =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
              random.nextInt(3) == 0 ? random.nextInt(10_000) : 1960 + random.nextInt(80),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62),
              random.nextBoolean() ? "" : "." + "123456789012".substring(0, random.nextInt(12)),
              List.of("Z", "Z", "z", "+00:00", "-23:59", "").get(random.nextInt(6)));
      StringBuilder id = new StringBuilder(Samples.EVENT_ID);
      if (random.nextBoolean()) {
        id.setCharAt(random.nextInt(id.length()), "-0aAfFgG ".charAt(random.nextInt(9)));
      }
      byte[] value =
          gray8
              .replace("2026-03-01T12:00:00.123456789Z", timestamp)
              .replace(Samples.EVENT_ID, id)
              .getBytes(StandardCharsets.UTF_8);
      assertSameOutcome(value);
      if (READER.read(value) != null) {
        readInOnePass++;
      }
    }
    assertTrue(readInOnePass > 200 && readInOnePass < 3_800, "" + readInOnePass);
  }

  @Test
  void declinesBytesThatAreNotPlainAscii() {
    byte[] value = text(Samples.gray8Upload()).getBytes(StandardCharsets.UTF_16BE);

    assertNull(READER.read(value));
    assertNull(READER.read(new byte[0]));
    assertNull(READER.read("{\"a\":1}\u0000".getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertSameOutcome(byte[] value) {
    assertEquals(
        outcome(FULL_PIPELINE_ONLY, value),
        outcome(WITH_ONE_PASS, value),
        () -> new String(value, StandardCharsets.UTF_8));
  }

  /**
   * The record read, or the rejection's reason, field and detail. Jackson's own message for a
   * malformed document can quote how far it had read, which depends on the size of a recycled
   * buffer, so those details are left out.
   */
  private static Object outcome(JsonSerde<ImageUploaded> serde, byte[] value) {
    try {
      return serde.deserialize(value);
    } catch (EventDeserializationException e) {
      return e.reason() == RejectionReason.MALFORMED_JSON
          ? List.of(e.reason(), e.fieldPath())
          : List.of(e.reason(), e.fieldPath(), e.detail());
    }
  }

  /** The serde as it was before the one-pass reader: every upload takes the full pipeline. */
  private static JsonSerde<ImageUploaded> fullPipelineOnly() {
    ImageUploadedRules rules = new ImageUploadedRules(MAX_IMAGE_BYTES, CODEC);
    return new JsonSerde<>(
        ImageUploaded.class,
        JsonSchemaFile.IMAGE_UPLOADED,
        CODEC,
        new EventRules<>() {
          @Override
          public boolean acceptsTombstones() {
            return rules.acceptsTombstones();
          }

          @Override
          public RejectionReason reasonFor(SchemaViolation violation, JsonNode document) {
            return rules.reasonFor(violation, document);
          }

          @Override
          public RejectionReason reasonForOversizedString(String pointer) {
            return rules.reasonForOversizedString(pointer);
          }

          @Override
          public void check(ImageUploaded event) {
            rules.check(event);
          }
        });
  }

  private static ImageUploaded upload(Instant uploadedAt, String sellerId, Encoding encoding) {
    Image image =
        encoding == Encoding.GRAY8
            ? Image.gray8(28, 28, Samples.pixels())
            : new Image(encoding, null, null, new byte[] {1, 2, 3, 4, 5});
    return new ImageUploaded(
        "0a1B2c3D-4e5F-6a7b-8c9d-0e1f2a3b4c5d", sellerId, "product-1", uploadedAt, image);
  }

  private static String text(ImageUploaded upload) {
    return new String(SERDE.serialize(upload), StandardCharsets.UTF_8);
  }

  /** The same document with its top-level fields in the opposite order. */
  private static String reversedFields(String upload) {
    String image = upload.substring(upload.indexOf("\"image\":"), upload.indexOf('}') + 1);
    String rest = upload.replace("," + image, "").replace(image + ",", "");
    return "{" + image + "," + rest.substring(1);
  }
}
