package dev.producttagger.schemas.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and writes the project's JSON: strict UTF-8 in, bounded by {@link ReadLimits}; RFC 3339
 * timestamps, base64 binaries and no nulls out. Thread-safe; build one per set of limits and keep
 * it.
 */
public final class JsonCodec {

  /** Jackson's own error text is useful context but can quote a lot of input; cap it. */
  private static final int MAX_QUOTED_MESSAGE = 300;

  private final ObjectMapper mapper;

  public JsonCodec(ReadLimits limits) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(new Constraints(limits))
            // Different parsers keep different copies of a repeated key: refuse the ambiguity.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Maps come out sorted so that equal values always give equal bytes.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            // Readers ignore unknown fields, so that writers can add some without a new version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
  }

  /**
   * Parses exactly one JSON value from strict UTF-8 bytes (no byte order mark, no UTF-16, nothing
   * after the value).
   *
   * @throws JsonInputException of kind MALFORMED or STRING_TOO_LONG
   */
  public JsonNode readTree(byte[] utf8) {
    if (utf8.length == 0) {
      throw new JsonInputException(
          JsonInputException.Kind.MALFORMED, "", "the value is empty, not a JSON document", null);
    }
    // A reader with a reporting decoder, because Jackson's byte parsers guess UTF-16/32 and
    // accept some ill-formed UTF-8.
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (JsonParser parser =
        mapper
            .getFactory()
            .createParser(new InputStreamReader(new ByteArrayInputStream(utf8), decoder))) {
      try {
        JsonNode tree = mapper.readTree(parser);
        if (tree == null || tree.isMissingNode()) {
          throw malformed(parser, "the value holds only white space, not a JSON document", null);
        }
        if (parser.nextToken() != null) {
          throw malformed(parser, "unexpected content after the JSON value", null);
        }
        return tree;
      } catch (CharacterCodingException e) {
        throw malformed(parser, "the value is not valid UTF-8", e);
      } catch (StringTooLongException e) {
        String pointer = pointerOf(parser);
        throw new JsonInputException(
            JsonInputException.Kind.STRING_TOO_LONG,
            pointer,
            describePointer(pointer) + ": " + e.getOriginalMessage(),
            e);
      } catch (StreamConstraintsException e) {
        throw malformed(
            parser,
            "the document exceeds a reader limit" + at(e.getLocation()) + ": " + quote(e),
            e);
      } catch (JsonProcessingException e) {
        throw malformed(parser, "not valid JSON" + at(e.getLocation()) + ": " + quote(e), e);
      }
    } catch (IOException e) {
      // Only reading from memory happens here, so this is a parser failure we did not classify.
      throw new JsonInputException(
          JsonInputException.Kind.MALFORMED,
          "",
          "the value cannot be read as JSON (" + e.getMessage() + ")",
          e);
    }
  }

  /**
   * A streaming parser over {@code bytes} with this codec's limits, or null unless every byte is
   * ASCII other than NUL. ASCII is strict UTF-8, and without NUL bytes Jackson's byte parser cannot
   * take it for UTF-16 or UTF-32; for anything else, {@link #readTree} is the strict way in.
   */
  public JsonParser asciiParser(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      if (b <= 0) {
        return null;
      }
    }
    return mapper.getFactory().createParser(bytes);
  }

  /**
   * Maps a parsed tree onto {@code type}.
   *
   * @throws JsonInputException of kind UNMAPPABLE, naming the field that does not fit
   */
  public <T> T toValue(JsonNode tree, Class<T> type) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      String pointer =
          e instanceof JsonMappingException mapping ? pointerOf(mapping.getPath()) : "";
      String expected =
          e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
              ? mismatch.getTargetType().getSimpleName()
              : "the expected type";
      throw new JsonInputException(
          JsonInputException.Kind.UNMAPPABLE,
          pointer,
          describePointer(pointer)
              + ": value cannot be read as "
              + expected
              + " ("
              + quote(e)
              + ")",
          e);
    }
  }

  /** Writes {@code value} as compact UTF-8 JSON, leaving out null fields. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** "field /a/b" for a pointer into the document, "the document" for the empty pointer. */
  public static String describePointer(String pointer) {
    return pointer.isEmpty() ? "the document" : "field " + pointer;
  }

  private static JsonInputException malformed(JsonParser parser, String detail, Throwable cause) {
    String pointer = pointerOf(parser);
    String located = pointer.isEmpty() ? detail : describePointer(pointer) + ": " + detail;
    return new JsonInputException(JsonInputException.Kind.MALFORMED, pointer, located, cause);
  }

  private static String pointerOf(JsonParser parser) {
    return parser.getParsingContext().pathAsPointer().toString();
  }

  private static String pointerOf(List<JsonMappingException.Reference> path) {
    JsonPointer pointer = JsonPointer.empty();
    for (JsonMappingException.Reference step : path) {
      pointer =
          step.getFieldName() != null
              ? pointer.appendProperty(step.getFieldName())
              : pointer.appendIndex(step.getIndex());
    }
    return pointer.toString();
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Jackson's limits with a string over its limit reported as its own exception type: Jackson
   * throws one type for every limit, and the parser's state cannot say which one fired (a long
   * field name or one token too many can follow a string value).
   */
  private static final class Constraints extends StreamReadConstraints {

    Constraints(ReadLimits limits) {
      super(
          limits.maxNestingDepth(),
          DEFAULT_MAX_DOC_LEN,
          DEFAULT_MAX_NUM_LEN,
          limits.maxStringLength(),
          DEFAULT_MAX_NAME_LEN,
          limits.maxTokenCount());
    }

    @Override
    public void validateStringLength(int length) throws StreamConstraintsException {
      if (length > getMaxStringLength()) {
        throw new StringTooLongException(
            "text longer than the limit of " + getMaxStringLength() + " characters");
      }
    }
  }

  /** A string value over {@link ReadLimits#maxStringLength()}. */
  private static final class StringTooLongException extends StreamConstraintsException {

    StringTooLongException(String message) {
      super(message);
    }
  }

  private static String quote(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    return message.length() <= MAX_QUOTED_MESSAGE
        ? message
        : message.substring(0, MAX_QUOTED_MESSAGE) + "...";
  }
}
