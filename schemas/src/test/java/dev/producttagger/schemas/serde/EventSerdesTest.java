package dev.producttagger.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.schemas.IndependentValidator;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.events.ProductTagged;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.SourceRef;
import dev.producttagger.schemas.events.UploadRejected;
import java.io.IOException;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSerdesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "any-topic";

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(EventSerdes.imageUploaded(), Samples.gray8Upload()),
        Arguments.of(EventSerdes.imageUploaded(), Samples.pngUpload()),
        Arguments.of(EventSerdes.productTagged(), Samples.productTagged()),
        Arguments.of(EventSerdes.tagReviewRequested(), Samples.tagReviewRequested()),
        Arguments.of(EventSerdes.uploadRejected(), Samples.uploadRejected()),
        Arguments.of(EventSerdes.uploadRejected(), Samples.uploadRejectedWithoutKeyOrValue()),
        Arguments.of(EventSerdes.productTagged(), Samples.productTaggedByAReviewer()),
        Arguments.of(EventSerdes.tagDecided(), Samples.tagDecided()),
        Arguments.of(EventSerdes.tagDecided(), Samples.tagRejected()),
        Arguments.of(EventSerdes.labelledExample(), Samples.labelledExample()));
  }

  /** Decisions and examples that their schemas refuse, by what is wrong with them. */
  static Stream<Arguments> invalidReviewEvents() throws IOException {
    ObjectNode both =
        (ObjectNode) JSON.readTree(EventSerdes.tagDecided().serialize(Samples.tagDecided()));
    both.put("rejectReason", "and a rejection");
    ObjectNode neither =
        (ObjectNode) JSON.readTree(EventSerdes.tagDecided().serialize(Samples.tagDecided()));
    neither.remove("category");
    ObjectNode noReviewer =
        (ObjectNode) JSON.readTree(EventSerdes.tagDecided().serialize(Samples.tagDecided()));
    noReviewer.remove("reviewerId");
    ObjectNode shortImage =
        (ObjectNode)
            JSON.readTree(EventSerdes.labelledExample().serialize(Samples.labelledExample()));
    shortImage.put("pixels", Base64.getEncoder().encodeToString(new byte[783]));
    ObjectNode noLabel =
        (ObjectNode)
            JSON.readTree(EventSerdes.labelledExample().serialize(Samples.labelledExample()));
    noLabel.remove("label");
    return Stream.of(
        Arguments.of("a category and a rejection", EventSerdes.tagDecided(), both),
        Arguments.of("neither a category nor a rejection", EventSerdes.tagDecided(), neither),
        Arguments.of("no reviewer", EventSerdes.tagDecided(), noReviewer),
        Arguments.of("783 pixels", EventSerdes.labelledExample(), shortImage),
        Arguments.of("no label", EventSerdes.labelledExample(), noLabel));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidReviewEvents")
  void reviewEventsBreakingTheirSchemaAreSchemaViolations(
      String what, JsonSerde<?> serde, ObjectNode document) throws IOException {
    EventDeserializationException e =
        assertThrows(
            EventDeserializationException.class,
            () -> serde.deserialize(JSON.writeValueAsBytes(document)));
    assertEquals(RejectionReason.SCHEMA_VIOLATION, e.reason(), e.detail());
  }

  static Stream<JsonSerde<?>> tombstoneSerdes() {
    return Stream.of(
        EventSerdes.productTagged(),
        EventSerdes.tagReviewRequested(),
        EventSerdes.uploadRejected(),
        EventSerdes.labelledExample());
  }

  @ParameterizedTest
  @MethodSource("events")
  void whatTheSerdeWritesValidatesAgainstTheSchemaFile(JsonSerde<Object> serde, Object event)
      throws IOException {
    JsonNode written = JSON.readTree(serde.serializer().serialize(TOPIC, event));

    assertEquals(Set.of(), IndependentValidator.validate(serde.schema().fileName(), written));
    assertEquals(1, written.get("schemaVersion").intValue());
    assertFalse(containsNull(written), "no nulls are written: " + written);
  }

  @ParameterizedTest
  @MethodSource("events")
  void everyEventSurvivesARoundTrip(JsonSerde<Object> serde, Object event) {
    byte[] written = serde.serializer().serialize(TOPIC, event);
    Object read = serde.deserializer().deserialize(TOPIC, written);

    assertEquals(event, read);
    assertEquals(event.hashCode(), read.hashCode());
    assertNotSame(event, read);
  }

  @Test
  void timestampsAreRfc3339TextAndBytesAreBase64() throws IOException {
    JsonNode written = JSON.readTree(EventSerdes.imageUploaded().serialize(Samples.gray8Upload()));

    assertEquals("2026-03-01T12:00:00.123456789Z", written.get("uploadedAt").textValue());
    assertEquals("gray8", written.at("/image/encoding").textValue());
    assertEquals(
        Base64.getEncoder().encodeToString(Samples.pixels()),
        written.at("/image/data").textValue());
  }

  @Test
  void absentOptionalFieldsAreLeftOutAndReadBackAsNull() throws IOException {
    JsonNode png = JSON.readTree(EventSerdes.imageUploaded().serialize(Samples.pngUpload()));
    JsonSerde<UploadRejected> rejections = EventSerdes.uploadRejected();
    byte[] rejection = rejections.serialize(Samples.uploadRejectedWithoutKeyOrValue());

    assertFalse(png.get("image").has("width"));
    assertFalse(png.get("image").has("height"));
    assertFalse(JSON.readTree(rejection).has("originalKey"));
    assertFalse(JSON.readTree(rejection).has("originalValue"));
    assertNull(rejections.deserialize(rejection).originalKey());
    assertNull(rejections.deserialize(rejection).originalValue());
  }

  @Test
  void anEmptyKeyStaysEmptyRatherThanBecomingNull() {
    UploadRejected emptyKey =
        new UploadRejected(
            RejectionReason.MALFORMED_JSON,
            "empty",
            new SourceRef("t", 0, 0),
            new byte[0],
            new byte[0],
            Samples.TAGGED_AT);
    JsonSerde<UploadRejected> serde = EventSerdes.uploadRejected();

    assertArrayEquals(new byte[0], serde.deserialize(serde.serialize(emptyKey)).originalKey());
  }

  @ParameterizedTest
  @MethodSource("tombstoneSerdes")
  void nullIsATombstoneForOutputTopics(JsonSerde<?> serde) {
    assertNull(serde.deserializer().deserialize(TOPIC, null));
  }

  @Test
  void aNullUploadIsMalformedSoThatItIsDeadLettered() {
    EventDeserializationException e =
        assertThrows(
            EventDeserializationException.class,
            () -> EventSerdes.imageUploaded().deserializer().deserialize(TOPIC, null));

    assertEquals(RejectionReason.MALFORMED_JSON, e.reason());
    assertEquals("", e.fieldPath());
    assertTrue(e.detail().contains("null"), e.detail());
  }

  @ParameterizedTest
  @MethodSource("events")
  void serializingNullGivesNull(JsonSerde<Object> serde) {
    assertNull(serde.serializer().serialize(TOPIC, null));
  }

  @Test
  void outputEventsAreValidatedWhenReadToo() throws IOException {
    JsonSerde<ProductTagged> serde = EventSerdes.productTagged();
    ObjectNode tagged = (ObjectNode) JSON.readTree(serde.serialize(Samples.productTagged()));
    tagged.put("confidence", 1.5);

    EventDeserializationException e =
        assertThrows(
            EventDeserializationException.class,
            () -> serde.deserialize(JSON.writeValueAsBytes(tagged)));

    assertEquals(RejectionReason.SCHEMA_VIOLATION, e.reason());
    assertEquals("/confidence", e.fieldPath());
    assertTrue(e instanceof SerializationException);
  }

  @Test
  void outputEventReadersIgnoreUnknownFields() throws IOException {
    JsonSerde<ProductTagged> serde = EventSerdes.productTagged();
    ObjectNode tagged = (ObjectNode) JSON.readTree(serde.serialize(Samples.productTagged()));
    tagged.put("addedInALaterRelease", "x");
    ((ObjectNode) tagged.get("model")).put("framework", "dl4j");

    assertEquals(Samples.productTagged(), serde.deserialize(JSON.writeValueAsBytes(tagged)));
  }

  @Test
  void recordsWithBytesCompareContentsAndPrintSizes() {
    Image one = Image.gray8(2, 1, new byte[] {1, 2});
    Image same = Image.gray8(2, 1, new byte[] {1, 2});
    Image other = Image.gray8(2, 1, new byte[] {1, 3});
    UploadRejected rejected = Samples.uploadRejected();

    assertEquals(one, same);
    assertEquals(one.hashCode(), same.hashCode());
    assertFalse(one.equals(other));
    assertEquals("Image[encoding=GRAY8, width=2, height=1, data=byte[2]]", one.toString());
    assertEquals(rejected, Samples.uploadRejected());
    assertFalse(rejected.toString().contains("[B@"), rejected.toString());
    assertFalse(Samples.uploadRejectedWithoutKeyOrValue().equals(rejected));
  }

  private static boolean containsNull(JsonNode node) {
    if (node.isNull()) {
      return true;
    }
    for (JsonNode child : node) {
      if (containsNull(child)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void convenienceConstructorsWriteTheCurrentVersion() {
    assertEquals(ImageUploaded.CURRENT_SCHEMA_VERSION, Samples.gray8Upload().schemaVersion());
    assertEquals(ProductTagged.CURRENT_SCHEMA_VERSION, Samples.productTagged().schemaVersion());
    assertEquals(UploadRejected.CURRENT_SCHEMA_VERSION, Samples.uploadRejected().schemaVersion());
  }
}
