package dev.producttagger.schemas.serde;

import static dev.producttagger.schemas.events.RejectionReason.IMAGE_TOO_LARGE;
import static dev.producttagger.schemas.events.RejectionReason.MALFORMED_JSON;
import static dev.producttagger.schemas.events.RejectionReason.SCHEMA_VIOLATION;
import static dev.producttagger.schemas.events.RejectionReason.UNSUPPORTED_ENCODING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.json.ReadLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tagger's front door: every kind of bad upload fails with the right code and names the field.
 */
class ImageUploadedDeserializationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSerde<ImageUploaded> SERDE = EventSerdes.imageUploaded();
  private static final String TOPIC = "product-image-uploads";

  static Stream<Arguments> malformed() {
    byte[] valid = bytes(valid());
    return Stream.of(
        rejected("not JSON", text("hello, tagger"), MALFORMED_JSON, ""),
        rejected("truncated", Arrays.copyOf(valid, valid.length / 2), MALFORMED_JSON, null),
        rejected("empty", new byte[0], MALFORMED_JSON, ""),
        rejected("only white space", text(" \n\t "), MALFORMED_JSON, ""),
        rejected("invalid UTF-8", sellerIdOfBytes(0xC3, 0x28), MALFORMED_JSON, ""),
        rejected("overlong UTF-8", sellerIdOfBytes(0xC0, 0xAF), MALFORMED_JSON, ""),
        rejected("UTF-8 encoded surrogate", sellerIdOfBytes(0xED, 0xA0, 0x80), MALFORMED_JSON, ""),
        rejected(
            "UTF-16",
            new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE),
            MALFORMED_JSON,
            ""),
        rejected("byte order mark", concat(text("\uFEFF"), valid), MALFORMED_JSON, ""),
        rejected("content after the document", concat(valid, text(" {}")), MALFORMED_JSON, ""),
        rejected(
            "duplicate field",
            text("{\"sellerId\":\"a\",\"sellerId\":\"b\"}"),
            MALFORMED_JSON,
            "/sellerId"),
        rejected("comment", concat(text("/* hi */"), valid), MALFORMED_JSON, ""),
        rejected("single quotes", text("{'sellerId':'a'}"), MALFORMED_JSON, ""),
        rejected(
            "NaN", bytes(with(valid(), "/extra", "@@"), "\"@@\"", "NaN"), MALFORMED_JSON, "/extra"),
        rejected(
            "raw control character",
            replace(valid, "seller-17", text("sel\nler")),
            MALFORMED_JSON,
            "/sellerId"),
        rejected(
            "nested 40 deep",
            text("{\"extra\":" + "[".repeat(40) + "]".repeat(40) + "}"),
            MALFORMED_JSON,
            null),
        rejected(
            "a field name beyond the reader limit, right after the image data",
            bytes(with(valid(), "/image/" + "n".repeat(60_000), 1)),
            MALFORMED_JSON,
            null),
        rejected(
            "more than 100000 tokens",
            text("{\"extra\":[" + "0,".repeat(100_000) + "0]}"),
            MALFORMED_JSON,
            null),
        rejected("an array", text("[]"), SCHEMA_VIOLATION, ""),
        rejected("a number", text("42"), SCHEMA_VIOLATION, ""),
        rejected("a string", text("\"upload\""), SCHEMA_VIOLATION, ""),
        rejected("null", text("null"), SCHEMA_VIOLATION, ""),
        rejected("true", text("true"), SCHEMA_VIOLATION, ""),
        missing("/schemaVersion"),
        missing("/eventId"),
        missing("/sellerId"),
        missing("/productId"),
        missing("/uploadedAt"),
        missing("/image"),
        missing("/image/encoding"),
        missing("/image/data"),
        missing("/image/width"),
        missing("/image/height"),
        invalid("/schemaVersion", "1"),
        invalid("/schemaVersion", 1.5),
        invalid("/schemaVersion", 2),
        invalid("/eventId", 5),
        invalid("/eventId", null),
        invalid("/sellerId", true),
        invalid("/sellerId", ""),
        invalid("/productId", JSON.createObjectNode()),
        invalid("/productId", ""),
        invalid("/uploadedAt", 1_772_366_400),
        invalid("/image", "a picture"),
        invalid("/image", JSON.createArrayNode()),
        invalid("/image/encoding", 5),
        invalid("/image/width", "28"),
        invalid("/image/width", 2.5),
        invalid("/image/height", null),
        invalid("/image/data", 7),
        invalid("/image/data", JSON.createArrayNode().add(1)),
        invalid("/eventId", "not-a-uuid"),
        invalid("/eventId", "3f2b8c1e9d4a4e6b8f1c2a7d5e9b0c13"),
        invalid("/eventId", "3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c1g"),
        invalid("/eventId", Samples.EVENT_ID + "\n"),
        invalid("/uploadedAt", "yesterday"),
        invalid("/uploadedAt", "2026-13-01T12:00:00Z"),
        invalid("/uploadedAt", "2026-03-01T12:00:00"),
        invalid("/uploadedAt", "2026-03-01"),
        invalid("/image/data", "not base64!"),
        invalid("/image/data", "AAA"),
        invalid("/image/data", "A==="),
        invalid("/image/data", "AA-_"),
        invalid("/image/data", ""),
        invalid("/image/width", 0),
        invalid("/image/width", -28),
        invalid("/image/height", 2_147_483_648L),
        unsupported("webp"),
        unsupported("GRAY8"),
        unsupported(""),
        rejected("gray8 one byte short", gray8(28, 28, 783), SCHEMA_VIOLATION, "/image/data"),
        rejected("gray8 one byte long", gray8(28, 28, 785), SCHEMA_VIOLATION, "/image/data"),
        rejected(
            "gray8 whose size overflows int",
            gray8(65_536, 65_536, 784),
            SCHEMA_VIOLATION,
            "/image/data"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(
            "unknown fields",
            bytes(with(with(valid(), "/addedLater", "x"), "/image/colourSpace", "sRGB")),
            Samples.gray8Upload()),
        Arguments.of(
            "nested unknown fields",
            bytes(
                with(
                    valid(),
                    "/extra",
                    JSON.createObjectNode()
                        .set(
                            "a", JSON.createObjectNode().set("b", JSON.createArrayNode().add(1))))),
            Samples.gray8Upload()),
        Arguments.of(
            "a time zone offset",
            bytes(with(valid(), "/uploadedAt", "2026-03-01T13:00:00.123456789+01:00")),
            Samples.gray8Upload()),
        Arguments.of(
            "lower-case t and z, as RFC 3339 allows",
            bytes(with(valid(), "/uploadedAt", "2026-03-01t12:00:00.123456789z")),
            Samples.gray8Upload()),
        Arguments.of(
            "an upper-case UUID",
            bytes(with(valid(), "/eventId", Samples.EVENT_ID.toUpperCase())),
            new ImageUploaded(
                Samples.EVENT_ID.toUpperCase(),
                "seller-17",
                "product-4711",
                Samples.UPLOADED_AT,
                Image.gray8(28, 28, Samples.pixels()))),
        Arguments.of(
            "png without a size", SERDE.serialize(Samples.pngUpload()), Samples.pngUpload()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void isRejectedWithItsReasonAndField(
      String description, byte[] value, RejectionReason reason, String path) {
    EventDeserializationException e =
        assertThrows(
            EventDeserializationException.class,
            () -> SERDE.deserializer().deserialize(TOPIC, value));

    assertEquals(reason, e.reason(), e::getMessage);
    if (path != null) {
      assertEquals(path, e.fieldPath(), e::getMessage);
    }
    assertTrue(
        e.fieldPath().isEmpty()
            ? !e.detail().isBlank()
            : e.detail().contains("field " + e.fieldPath()),
        "the detail names the field: " + e.detail());
    assertFalse(
        e.detail().contains("com.fasterxml") || e.detail().contains("Exception"), e.detail());
    assertInstanceOf(SerializationException.class, e);
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      assertFalse(cause instanceof NullPointerException, "no NullPointerException anywhere: " + e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void isAccepted(String description, byte[] value, ImageUploaded expected) {
    assertEquals(expected, SERDE.deserializer().deserialize(TOPIC, value));
  }

  @Test
  void anImageTextBeyondTheDefaultLimitIsTooLargeAndNotBufferedWhole() {
    int overLimit = 4 * (EventSerdes.DEFAULT_MAX_IMAGE_BYTES / 3 + 1) + 4;
    byte[] value = bytes(with(valid(), "/image/data", "A".repeat(overLimit)));

    EventDeserializationException e =
        assertThrows(EventDeserializationException.class, () -> SERDE.deserialize(value));

    assertEquals(IMAGE_TOO_LARGE, e.reason());
    assertEquals("/image/data", e.fieldPath());
  }

  @Test
  void theImageLimitIsExactInBytes() {
    JsonSerde<ImageUploaded> small = EventSerdes.imageUploaded(1000);
    byte[] atLimit = gray8(40, 25, 1000);
    byte[] overLimit =
        bytes(
            with(
                valid(),
                "/image",
                JSON.createObjectNode()
                    .put("encoding", "png")
                    .put("data", Base64.getEncoder().encodeToString(new byte[1001]))));

    assertEquals(1000, small.deserialize(atLimit).image().data().length);
    EventDeserializationException e =
        assertThrows(EventDeserializationException.class, () -> small.deserialize(overLimit));
    assertEquals(IMAGE_TOO_LARGE, e.reason());
    assertEquals("/image/data", e.fieldPath());
  }

  @Test
  void anotherStringBeyondTheReaderLimitIsMalformed() {
    JsonSerde<ImageUploaded> small = EventSerdes.imageUploaded(1000);
    byte[] value = bytes(with(valid(), "/sellerId", "s".repeat(ReadLimits.MIN_STRING_LENGTH + 1)));

    EventDeserializationException e =
        assertThrows(EventDeserializationException.class, () -> small.deserialize(value));

    assertEquals(MALFORMED_JSON, e.reason());
    assertEquals("/sellerId", e.fieldPath());
    assertTrue(e.detail().startsWith("field /sellerId: "), e.detail());
  }

  @Test
  void anUnknownEncodingIsReportedBeforeOtherViolations() {
    ObjectNode upload = with(with(valid(), "/image/encoding", "webp"), "/sellerId", "");

    EventDeserializationException e =
        assertThrows(EventDeserializationException.class, () -> SERDE.deserialize(bytes(upload)));

    assertEquals(UNSUPPORTED_ENCODING, e.reason());
    assertTrue(
        e.detail().contains("/sellerId"), "the other violations are listed too: " + e.detail());
  }

  @Test
  void readsWhatTheSerializerWrote() {
    assertEquals(Samples.gray8Upload(), SERDE.deserialize(SERDE.serialize(Samples.gray8Upload())));
    assertEquals(
        Instant.parse("2026-03-01T12:00:00.123456789Z"),
        SERDE.deserialize(bytes(valid())).uploadedAt());
  }

  private static Arguments rejected(
      String description, byte[] value, RejectionReason reason, String path) {
    return Arguments.of(description, value, reason, path);
  }

  private static Arguments missing(String pointer) {
    return rejected(
        pointer + " missing", bytes(without(valid(), pointer)), SCHEMA_VIOLATION, pointer);
  }

  private static Arguments unsupported(String encoding) {
    byte[] value = bytes(with(valid(), "/image/encoding", encoding));
    return rejected(
        "encoding \"" + encoding + "\"", value, UNSUPPORTED_ENCODING, "/image/encoding");
  }

  private static Arguments invalid(String pointer, Object value) {
    String shown =
        value instanceof String text
            ? "\"" + text.replace("\n", "\\n") + "\""
            : String.valueOf(value);
    return rejected(
        pointer + " = " + shown, bytes(with(valid(), pointer, value)), SCHEMA_VIOLATION, pointer);
  }

  /** A valid upload whose sellerId is {@code bytes}, which are not UTF-8. */
  private static byte[] sellerIdOfBytes(int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return replace(bytes(valid()), "seller-17", raw);
  }

  /** A sample gray8 upload of the given size whose data has {@code dataLength} bytes. */
  private static byte[] gray8(int width, int height, int dataLength) {
    ObjectNode upload = with(with(valid(), "/image/width", width), "/image/height", height);
    return bytes(
        with(upload, "/image/data", Base64.getEncoder().encodeToString(new byte[dataLength])));
  }

  private static ObjectNode valid() {
    try {
      return (ObjectNode) JSON.readTree(SERDE.serialize(Samples.gray8Upload()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode with(ObjectNode document, String pointer, Object value) {
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode node = value == null ? NullNode.getInstance() : JSON.valueToTree(value);
    ((ObjectNode) document.at(path.head())).set(path.last().getMatchingProperty(), node);
    return document;
  }

  private static ObjectNode without(ObjectNode document, String pointer) {
    JsonPointer path = JsonPointer.compile(pointer);
    ((ObjectNode) document.at(path.head())).remove(path.last().getMatchingProperty());
    return document;
  }

  private static byte[] bytes(JsonNode document) {
    return document.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The document as text with {@code target} replaced, for what a JSON writer would never produce.
   */
  private static byte[] bytes(JsonNode document, String target, String replacement) {
    return text(document.toString().replace(target, replacement));
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] replace(byte[] value, String target, byte[] replacement) {
    String text = new String(value, StandardCharsets.UTF_8);
    int at = text.indexOf(target);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(replacement);
    out.writeBytes(text.substring(at + target.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
