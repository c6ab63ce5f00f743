package dev.producttagger.tagger.it;

import static dev.producttagger.schemas.events.RejectionReason.DUPLICATE_EVENT;
import static dev.producttagger.schemas.events.RejectionReason.IMAGE_TOO_LARGE;
import static dev.producttagger.schemas.events.RejectionReason.MALFORMED_JSON;
import static dev.producttagger.schemas.events.RejectionReason.SCHEMA_VIOLATION;
import static dev.producttagger.schemas.events.RejectionReason.UNDECODABLE_IMAGE;
import static dev.producttagger.schemas.events.RejectionReason.UNSUPPORTED_ENCODING;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.tagger.preprocessing.TestPhotos;
import dev.producttagger.tagger.traffic.SellerPhotos;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Uploads for {@link BadInputIT}: every kind of bad input we could think of, each with the reason
 * the tagger must dead-letter it for, and inputs that look odd but are valid (unknown fields,
 * photos, other sizes), which must be tagged. Each starts from a real Fashion-MNIST test image as a
 * valid gray8 upload of its own product, then breaks one thing.
 */
final class UploadCatalogue {

  /**
   * One kind of input, as the bytes of a record.
   *
   * @param rejectedAs the reason it must be dead-lettered for; empty if it must be tagged (or sent
   *     to review)
   */
  record Sample(String kind, byte[] key, byte[] value, Optional<RejectionReason> rejectedAs) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stands for a literal that Jackson cannot write, such as NaN, until the text is edited. */
  private static final String LITERAL = "@@literal@@";

  private final LabelledImages images;
  private final SellerPhotos photos = new SellerPhotos(8, 400, 500);
  private final Random random = new Random(8);
  private final List<Sample> samples = new ArrayList<>();
  private int uploads;

  UploadCatalogue(LabelledImages images) {
    this.images = images;
  }

  /** A plain valid upload of the next test image: the stream the odd samples are mixed into. */
  Sample plain() {
    ObjectNode upload = upload();
    return sample("a Fashion-MNIST test image as gray8", upload, Optional.empty());
  }

  /** Every odd sample, in the order they must be sent (a duplicate after its original). */
  List<Sample> oddSamples() {
    samples.clear();
    notOneJsonDocument();
    notAnImageUploaded();
    wrongKeys();
    unsupportedEncodings();
    undecodableImages();
    imagesTooLarge();
    duplicates();
    oddButValid();
    return List.copyOf(samples);
  }

  private void notOneJsonDocument() {
    rejectBytes("not JSON at all", value -> utf8("hello, tagger"));
    rejectBytes("truncated JSON", value -> Arrays.copyOf(value, value.length / 2));
    rejectBytes("an empty value", value -> new byte[0]);
    rejectBytes("a null value (tombstone)", value -> null);
    rejectBytes("only white space", value -> utf8(" \n\t "));
    rejectBytes(
        "invalid UTF-8 inside sellerId",
        value -> utf8Replace(value, "seller-", new byte[] {(byte) 0xC3, 0x28}));
    rejectBytes(
        "a UTF-8 byte order mark",
        value -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, value));
    rejectBytes(
        "UTF-16 instead of UTF-8",
        value -> new String(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE));
    rejectText("trailing garbage after the object", text -> text + "garbage");
    rejectText("a second JSON document after the first", text -> text + text);
    rejectText("a duplicate key", text -> "{\"sellerId\":\"seller-0\"," + text.substring(1));
    rejectText("a comment", text -> "/* upload */" + text);
    rejectText("single-quoted strings", text -> text.replace('"', '\''));
    rejectText("an unquoted field name", text -> "{note:1," + text.substring(1));
    rejectText("a raw line break inside a string", text -> text.replace("seller-", "sel\nler-"));
    rejectLiteral("a NaN literal", "/image/width", "NaN");
    rejectLiteral("an Infinity literal", "/image/height", "Infinity");
    rejectLiteral("a -Infinity literal", "/schemaVersion", "-Infinity");
    rejectLiteral("a number of 2,000 digits", "/image/width", "1" + "0".repeat(2_000));
    rejectLiteral("JSON nested 100 levels deep", "/extra", "[".repeat(100) + "]".repeat(100));
    rejectLiteral("more than 100,000 tokens", "/extra", "[" + "0,".repeat(100_000) + "0]");
    rejectText(
        "a field name of 60,000 characters",
        text -> "{\"" + "n".repeat(60_000) + "\":1," + text.substring(1));
  }

  private void notAnImageUploaded() {
    rejectText("a JSON array instead of an object", text -> "[" + text + "]", SCHEMA_VIOLATION);
    rejectText("a JSON string instead of an object", text -> "\"upload\"", SCHEMA_VIOLATION);
    rejectText("a JSON number instead of an object", text -> "42", SCHEMA_VIOLATION);
    rejectText("JSON null instead of an object", text -> "null", SCHEMA_VIOLATION);
    for (String field :
        List.of(
            "/schemaVersion",
            "/eventId",
            "/sellerId",
            "/productId",
            "/uploadedAt",
            "/image",
            "/image/encoding",
            "/image/data",
            "/image/width",
            "/image/height")) {
      rejectEdited("missing " + field, SCHEMA_VIOLATION, u -> remove(u, field));
    }
    invalid("/schemaVersion", "1");
    invalid("/schemaVersion", 1.5);
    invalid("/schemaVersion", 2);
    invalid("/eventId", 42);
    invalid("/eventId", null);
    invalid("/eventId", "not-a-uuid");
    invalid("/eventId", UUID.randomUUID().toString().replace("-", ""));
    invalid("/sellerId", true);
    invalid("/sellerId", null);
    invalid("/sellerId", "");
    // Ids are bounded (1,024 characters) because they are copied into outputs and state.
    rejectEdited(
        "a sellerId of 900,000 characters (what a 1 MiB record can hold)",
        SCHEMA_VIOLATION,
        u -> set(u, "/sellerId", "s".repeat(900_000)));
    rejectEdited(
        "a sellerId of 30,000 three-byte characters (90 KB of UTF-8)",
        SCHEMA_VIOLATION,
        u -> set(u, "/sellerId", "東".repeat(30_000)));
    ObjectNode longProductId = upload();
    set(longProductId, "/productId", "p".repeat(1_025));
    add(
        "a productId (and key) of 1,025 characters",
        key(longProductId),
        bytes(longProductId),
        SCHEMA_VIOLATION);
    invalid("/productId", JSON.createObjectNode());
    invalid("/productId", "");
    invalid("/uploadedAt", 1_772_366_400);
    invalid("/uploadedAt", "yesterday");
    invalid("/uploadedAt", "2026-13-01T12:00:00Z");
    invalid("/uploadedAt", "2026-03-01T12:00:00");
    invalid("/image", "a picture");
    invalid("/image", JSON.createArrayNode());
    invalid("/image/encoding", 5);
    invalid("/image/width", "28");
    invalid("/image/width", 0);
    invalid("/image/width", -28);
    invalid("/image/width", 2_147_483_648L);
    invalid("/image/height", 28.5);
    invalid("/image/height", 0);
    invalid("/image/height", -1);
    invalid("/image/data", 7);
    invalid("/image/data", "");
    invalid("/image/data", "not base64!");
    invalid("/image/data", "AAA");
    invalid("/image/data", "AA-_");
    rejectEdited("gray8 data one byte short", SCHEMA_VIOLATION, u -> gray8(u, 28, 28, 783));
    rejectEdited("gray8 data one byte long", SCHEMA_VIOLATION, u -> gray8(u, 28, 28, 785));
    rejectEdited(
        "gray8 declaring 65536x65536 with 784 bytes",
        SCHEMA_VIOLATION,
        u -> gray8(u, 65_536, 65_536, 784));
  }

  private void wrongKeys() {
    ObjectNode nullKey = upload();
    add("a null key", null, bytes(nullKey), SCHEMA_VIOLATION);
    ObjectNode otherKey = upload();
    add("a key other than the productId", utf8("someone-else"), bytes(otherKey), SCHEMA_VIOLATION);
    ObjectNode badKey = upload();
    add("a key of invalid UTF-8", new byte[] {(byte) 0xC3, 0x28}, bytes(badKey), SCHEMA_VIOLATION);
  }

  private void unsupportedEncodings() {
    rejectEdited(
        "an unknown encoding (webp)", UNSUPPORTED_ENCODING, u -> set(u, "/image/encoding", "webp"));
    rejectEdited(
        "an encoding in upper case (GRAY8)",
        UNSUPPORTED_ENCODING,
        u -> set(u, "/image/encoding", "GRAY8"));
    rejectPhoto("a JPEG labelled png", UNSUPPORTED_ENCODING, "png", jpeg());
    rejectPhoto("a PNG labelled jpeg", UNSUPPORTED_ENCODING, "jpeg", png());
    rejectPhoto(
        "a GIF labelled png",
        UNSUPPORTED_ENCODING,
        "png",
        "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1));
  }

  private void undecodableImages() {
    byte[] png = png();
    byte[] jpeg = jpeg();
    rejectPhoto("a truncated PNG", UNDECODABLE_IMAGE, "png", Arrays.copyOf(png, png.length / 2));
    rejectPhoto(
        "a truncated JPEG", UNDECODABLE_IMAGE, "jpeg", Arrays.copyOf(jpeg, jpeg.length / 2));
    rejectPhoto(
        "a JPEG cut inside its signature", UNDECODABLE_IMAGE, "jpeg", Arrays.copyOf(jpeg, 2));
    rejectPhoto(
        "a PNG of random pixel data",
        UNDECODABLE_IMAGE,
        "png",
        TestPhotos.pngWithHeader(64, 64, randomBytes(4_000)));
    rejectPhoto(
        "a PNG declaring 0x10 pixels",
        UNDECODABLE_IMAGE,
        "png",
        TestPhotos.pngWithHeader(0, 10, TestPhotos.deflated(new byte[10])));
    byte[] scrambled = jpeg.clone();
    System.arraycopy(randomBytes(200), 0, scrambled, jpeg.length / 2, 200);
    rejectPhoto("a JPEG with 200 random bytes in its middle", UNDECODABLE_IMAGE, "jpeg", scrambled);
    // A damaged photo whose upload is close to Kafka's default 1 MiB record limit: its dead letter,
    // which carries the original bytes in base64, is bigger than the upload itself.
    byte[] bigDamaged = concat(Arrays.copyOf(jpeg, 3), randomBytes(700_000));
    rejectPhoto("a damaged JPEG of 700 KB", UNDECODABLE_IMAGE, "jpeg", bigDamaged);
  }

  private void imagesTooLarge() {
    rejectPhoto(
        "a PNG decompression bomb (50000x50000 declared in under 100 bytes)",
        IMAGE_TOO_LARGE,
        "png",
        TestPhotos.pngWithHeader(50_000, 50_000, TestPhotos.deflated(new byte[1_000])));
    rejectPhoto(
        "a JPEG whose header declares 50000x50000",
        IMAGE_TOO_LARGE,
        "jpeg",
        withJpegSize(jpeg(), 50_000, 50_000));
    rejectEdited(
        "a PNG upload declaring width 50000",
        IMAGE_TOO_LARGE,
        u -> {
          photo(u, "png", png());
          set(u, "/image/width", 50_000);
          set(u, "/image/height", 500);
        });
    rejectEdited("a gray8 image 5000 pixels wide", IMAGE_TOO_LARGE, u -> gray8(u, 5_000, 1, 5_000));
  }

  private void duplicates() {
    ObjectNode original = upload();
    accept("the first copy of a re-sent upload", original);
    add("a re-sent upload (the same bytes again)", key(original), bytes(original), DUPLICATE_EVENT);
    ObjectNode sameEventId = upload();
    set(sameEventId, "/productId", original.get("productId").asText());
    set(sameEventId, "/eventId", original.get("eventId").asText());
    add(
        "another image under an eventId already tagged",
        key(original),
        bytes(sameEventId),
        DUPLICATE_EVENT);

    // A rejected upload does not use up its eventId: the seller's fixed re-send is tagged.
    ObjectNode broken = upload();
    photo(broken, "png", Arrays.copyOf(png(), 40));
    add("a truncated PNG, sent before its fix", key(broken), bytes(broken), UNDECODABLE_IMAGE);
    ObjectNode fixed = upload();
    set(fixed, "/productId", broken.get("productId").asText());
    set(fixed, "/eventId", broken.get("eventId").asText());
    accept("the fixed re-send of a rejected upload (same eventId)", fixed);
  }

  private void oddButValid() {
    acceptEdited("an unknown top-level field", u -> u.put("addedLater", "x"));
    acceptEdited("an unknown field inside image", u -> set(u, "/image/colourSpace", "sRGB"));
    acceptEdited(
        "an unknown field holding objects nested 20 deep", u -> u.set("extra", nested(20)));
    acceptEdited(
        "an unknown field holding 60,000 characters", u -> u.put("note", "n".repeat(60_000)));
    acceptEdited(
        "an upper-case eventId",
        u -> set(u, "/eventId", u.get("eventId").asText().toUpperCase(Locale.ROOT)));
    acceptEdited(
        "uploadedAt with an offset and nanoseconds",
        u -> set(u, "/uploadedAt", "2026-03-01T13:00:00.123456789+01:00"));
    acceptEdited("sellerId in three scripts", u -> set(u, "/sellerId", "verkäufer-東京-🧥"));
    ObjectNode longestIds = upload();
    set(longestIds, "/sellerId", "🧥".repeat(1_024));
    set(longestIds, "/productId", "p".repeat(1_024));
    accept("a sellerId of 1,024 emoji and a productId (and key) of 1,024 characters", longestIds);
    acceptEdited("width written as 28.0", u -> set(u, "/image/width", 28.0));
    ObjectNode reversed = upload();
    ObjectNode reordered = JSON.createObjectNode();
    List<String> names = new ArrayList<>();
    reversed.fieldNames().forEachRemaining(names::add);
    for (int i = names.size() - 1; i >= 0; i--) {
      reordered.set(names.get(i), reversed.get(names.get(i)));
    }
    accept("fields in reverse order", reordered);
    ObjectNode pretty = upload();
    add("pretty-printed JSON", key(pretty), prettyBytes(pretty), Optional.empty());
    acceptEdited("a JPEG seller photo", u -> photo(u, "jpeg", jpeg()));
    acceptEdited("a PNG seller photo", u -> photo(u, "png", png()));
    acceptEdited(
        "a PNG seller photo with its width and height",
        u -> {
          photo(u, "png", png());
          set(u, "/image/width", 400);
          set(u, "/image/height", 500);
        });
    acceptEdited("a gray8 image of 56x56", u -> gray8(u, 56, 56, 56 * 56));
    acceptEdited("a gray8 image of 1x1", u -> gray8(u, 1, 1, 1));
  }

  /** A valid gray8 upload of the next test image, for a product of its own. */
  private ObjectNode upload() {
    int n = uploads++;
    ObjectNode upload = JSON.createObjectNode();
    upload.put("schemaVersion", 1);
    upload.put("eventId", UUID.randomUUID().toString());
    upload.put("sellerId", "seller-" + n % 7);
    upload.put("productId", "product-" + n);
    upload.put("uploadedAt", Instant.now().toString());
    ObjectNode image = upload.putObject("image");
    image.put("encoding", "gray8");
    image.put("width", 28);
    image.put("height", 28);
    image.put("data", Base64.getEncoder().encodeToString(images.image(n % images.size())));
    return upload;
  }

  private void invalid(String pointer, Object value) {
    String shown = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    rejectEdited(pointer + " = " + shown, SCHEMA_VIOLATION, u -> set(u, pointer, value));
  }

  private void rejectEdited(String kind, RejectionReason reason, Consumer<ObjectNode> edit) {
    ObjectNode upload = upload();
    byte[] key = key(upload);
    edit.accept(upload);
    add(kind, key, bytes(upload), reason);
  }

  private void acceptEdited(String kind, Consumer<ObjectNode> edit) {
    ObjectNode upload = upload();
    edit.accept(upload);
    accept(kind, upload);
  }

  private void accept(String kind, ObjectNode upload) {
    add(kind, key(upload), bytes(upload), Optional.empty());
  }

  /** Not one well-formed UTF-8 JSON document: always MALFORMED_JSON. */
  private void rejectBytes(String kind, UnaryOperator<byte[]> edit) {
    ObjectNode upload = upload();
    add(kind, key(upload), edit.apply(bytes(upload)), MALFORMED_JSON);
  }

  private void rejectText(String kind, UnaryOperator<String> edit) {
    rejectText(kind, edit, MALFORMED_JSON);
  }

  private void rejectText(String kind, UnaryOperator<String> edit, RejectionReason reason) {
    ObjectNode upload = upload();
    String text = new String(bytes(upload), StandardCharsets.UTF_8);
    add(kind, key(upload), utf8(edit.apply(text)), reason);
  }

  /** A literal Jackson will not write, such as NaN, in place of the value at {@code pointer}. */
  private void rejectLiteral(String kind, String pointer, String literal) {
    rejectText(
        kind,
        text -> {
          try {
            ObjectNode upload = (ObjectNode) JSON.readTree(text);
            set(upload, pointer, LITERAL);
            return JSON.writeValueAsString(upload).replace("\"" + LITERAL + "\"", literal);
          } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private void rejectPhoto(String kind, RejectionReason reason, String encoding, byte[] data) {
    rejectEdited(kind, reason, u -> photo(u, encoding, data));
  }

  private void add(String kind, byte[] key, byte[] value, RejectionReason reason) {
    add(kind, key, value, Optional.of(reason));
  }

  private void add(String kind, byte[] key, byte[] value, Optional<RejectionReason> rejectedAs) {
    samples.add(new Sample(kind, key, value, rejectedAs));
  }

  private Sample sample(String kind, ObjectNode upload, Optional<RejectionReason> rejectedAs) {
    return new Sample(kind, key(upload), bytes(upload), rejectedAs);
  }

  private static void photo(ObjectNode upload, String encoding, byte[] data) {
    ObjectNode image = upload.putObject("image");
    image.put("encoding", encoding);
    image.put("data", Base64.getEncoder().encodeToString(data));
  }

  private void gray8(ObjectNode upload, int width, int height, int bytes) {
    set(upload, "/image/width", width);
    set(upload, "/image/height", height);
    set(upload, "/image/data", Base64.getEncoder().encodeToString(randomBytes(bytes)));
  }

  private byte[] jpeg() {
    return photos.jpeg(images.image(uploads % images.size()));
  }

  private byte[] png() {
    return TestPhotos.png(
        TestPhotos.photo(400, 500, TestPhotos.tShirt(60, 80, 280, 340), TestPhotos.NAVY));
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The JPEG with the size in its frame header (SOF0) replaced; the pixels still fit the old. */
  private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] patched = jpeg.clone();
    ByteBuffer segments = ByteBuffer.wrap(patched);
    int at = 2; // after SOI
    while ((patched[at + 1] & 0xFF) != 0xC0) {
      at += 2 + (segments.getShort(at + 2) & 0xFFFF);
    }
    // marker (2), length (2), precision (1), then height and width
    segments.putShort(at + 5, (short) height).putShort(at + 7, (short) width);
    return patched;
  }

  private static ObjectNode nested(int depth) {
    ObjectNode node = JSON.createObjectNode().put("leaf", true);
    for (int i = 1; i < depth; i++) {
      node = JSON.createObjectNode().set("child", node);
    }
    return node;
  }

  private static void set(ObjectNode upload, String pointer, Object value) {
    JsonPointer path = JsonPointer.compile(pointer);
    ((ObjectNode) upload.at(path.head()))
        .set(
            path.last().getMatchingProperty(),
            value == null ? NullNode.getInstance() : JSON.valueToTree(value));
  }

  private static void remove(ObjectNode upload, String pointer) {
    JsonPointer path = JsonPointer.compile(pointer);
    ((ObjectNode) upload.at(path.head())).remove(path.last().getMatchingProperty());
  }

  private static byte[] key(ObjectNode upload) {
    return utf8(upload.get("productId").asText());
  }

  private static byte[] bytes(ObjectNode upload) {
    try {
      return JSON.writeValueAsBytes(upload);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] prettyBytes(ObjectNode upload) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(upload);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8Replace(byte[] value, String target, byte[] replacement) {
    String text = new String(value, StandardCharsets.UTF_8);
    int at = text.indexOf(target);
    return concat(
        concat(utf8(text.substring(0, at)), replacement),
        utf8(text.substring(at + target.length())));
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
