package dev.producttagger.schemas.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.producttagger.schemas.events.Encoding;
import dev.producttagger.schemas.events.Image;
import dev.producttagger.schemas.events.ImageUploaded;
import dev.producttagger.schemas.json.Base64Text;
import dev.producttagger.schemas.json.JsonCodec;
import java.io.IOException;
import java.nio.CharBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads an ordinary valid upload in one streaming pass, with no tree, no schema walk and no second
 * mapping: the tagger's front door reads every upload, and the full pipeline cost twice what
 * writing its outputs did. It accepts only documents it can see are valid against the upload schema
 * by stricter rules than the schema's (ASCII bytes, UTC timestamps, no nested unknown fields), and
 * answers null for anything else, which {@link JsonSerde}'s full pipeline then judges and, if it is
 * bad, explains. So it may decline a valid upload, but never accepts one the schema refuses, and
 * what it accepts reads as the same record.
 */
final class ImageUploadedStreamReader {

  private static final int MAX_ID_LENGTH = 1024;

  private final JsonCodec codec;

  /**
   * @param codec the codec of the full pipeline, whose read limits apply here too
   */
  ImageUploadedStreamReader(JsonCodec codec) {
    this.codec = codec;
  }

  /** The upload in {@code value}, or null when this reader cannot vouch for it. */
  ImageUploaded read(byte[] value) {
    try (JsonParser parser = codec.asciiParser(value)) {
      if (parser == null || parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ImageUploaded upload = readUpload(parser);
      return upload != null && parser.nextToken() == null ? upload : null;
    } catch (IOException e) {
      return null; // malformed or over a limit: the full pipeline names the problem
    }
  }

  private static ImageUploaded readUpload(JsonParser parser) throws IOException {
    Integer schemaVersion = null;
    String eventId = null;
    String sellerId = null;
    String productId = null;
    Instant uploadedAt = null;
    Image image = null;
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      boolean accepted =
          switch (name) {
            case "schemaVersion" -> (schemaVersion = positiveInt(parser, token)) != null;
            case "eventId" -> (eventId = uuid(parser, token)) != null;
            case "sellerId" -> (sellerId = identifier(parser, token)) != null;
            case "productId" -> (productId = identifier(parser, token)) != null;
            case "uploadedAt" -> (uploadedAt = utcInstant(parser, token)) != null;
            case "image" -> token == JsonToken.START_OBJECT && (image = readImage(parser)) != null;
            // Unknown fields are ignored, as the schema allows; nested ones are left to the full
            // pipeline, whose limits on depth and size they might break.
            default -> !token.isStructStart();
          };
      if (!accepted) {
        return null;
      }
    }
    boolean complete =
        schemaVersion != null
            && schemaVersion == ImageUploaded.CURRENT_SCHEMA_VERSION
            && eventId != null
            && sellerId != null
            && productId != null
            && uploadedAt != null
            && image != null;
    return complete
        ? new ImageUploaded(schemaVersion, eventId, sellerId, productId, uploadedAt, image)
        : null;
  }

  private static Image readImage(JsonParser parser) throws IOException {
    Encoding encoding = null;
    Integer width = null;
    Integer height = null;
    byte[] data = null;
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      boolean accepted =
          switch (name) {
            case "encoding" -> (encoding = encoding(parser, token)) != null;
            case "width" -> (width = positiveInt(parser, token)) != null;
            case "height" -> (height = positiveInt(parser, token)) != null;
            case "data" -> (data = base64(parser, token)) != null;
            default -> !token.isStructStart();
          };
      if (!accepted) {
        return null;
      }
    }
    boolean complete =
        encoding != null
            && data != null
            && (encoding != Encoding.GRAY8 || (width != null && height != null));
    return complete ? new Image(encoding, width, height, data) : null;
  }

  /** A JSON integer from 1 to {@link Integer#MAX_VALUE}, else null. */
  private static Integer positiveInt(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT) {
      return null;
    }
    int value = parser.getIntValue();
    return value >= 1 ? value : null;
  }

  private static String identifier(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    // At most 1,024 UTF-16 units is at most 1,024 code points, the schema's bound.
    int length = parser.getTextLength();
    return length >= 1 && length <= MAX_ID_LENGTH ? parser.getText() : null;
  }

  private static Encoding encoding(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    return switch (parser.getText()) {
      case "gray8" -> Encoding.GRAY8;
      case "png" -> Encoding.PNG;
      case "jpeg" -> Encoding.JPEG;
      default -> null;
    };
  }

  /** The bytes of a non-empty base64 string that matches the schema's pattern, else null. */
  private static byte[] base64(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    int length = parser.getTextLength();
    CharBuffer text = CharBuffer.wrap(parser.getTextCharacters(), parser.getTextOffset(), length);
    // Decoded by Jackson with the variant the record mapping uses, so the bytes are the same.
    return length > 0 && Base64Text.isPadded(text) ? parser.getBinaryValue() : null;
  }

  /** A string of 8-4-4-4-12 hexadecimal digits, as the schema's pattern asks, else null. */
  private static String uuid(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING || parser.getTextLength() != 36) {
      return null;
    }
    String text = parser.getText();
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : isHexDigit(c);
      if (!ok) {
        return null;
      }
    }
    return text;
  }

  /**
   * The instant of an RFC 3339 date-time in UTC, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} with up to
   * nine fraction digits and no leap second; null for any other form, valid or not.
   */
  private static Instant utcInstant(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      return null;
    }
    String text = parser.getText();
    int length = text.length();
    if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z') {
      return null;
    }
    for (int i = 0; i < 19; i++) {
      char c = text.charAt(i);
      char expected =
          switch (i) {
            case 4, 7 -> '-';
            case 10 -> 'T';
            case 13, 16 -> ':';
            default -> '0';
          };
      boolean ok = expected == '0' ? isDigit(c) : c == expected;
      if (!ok) {
        return null;
      }
    }
    if (length > 20 && (text.charAt(19) != '.' || !allDigits(text, 20, length - 1))) {
      return null;
    }
    int hour = twoDigits(text, 11);
    int minute = twoDigits(text, 14);
    int second = twoDigits(text, 17);
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    // Computed rather than parsed: Instant.parse took a fifth of this reader's time.
    long day;
    try {
      day =
          LocalDate.of(
                  twoDigits(text, 0) * 100 + twoDigits(text, 2),
                  twoDigits(text, 5),
                  twoDigits(text, 8))
              .toEpochDay();
    } catch (DateTimeException e) {
      return null; // such as the 30th of February
    }
    int nanos = 0;
    for (int i = 20, scale = 100_000_000; i < length - 1; i++, scale /= 10) {
      nanos += (text.charAt(i) - '0') * scale;
    }
    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  private static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int twoDigits(String text, int at) {
    return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
