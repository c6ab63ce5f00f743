package dev.producttagger.schemas.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.URI;
import java.util.List;

/**
 * The project's JSON Schema files (draft 2020-12), each compiled once on first use of this enum and
 * shared. They are resources under {@value #RESOURCE_DIRECTORY} and are identified by {@value
 * #ID_PREFIX} plus their file name; references between them resolve on the class path, never over
 * the network.
 */
public enum JsonSchemaFile {
  IMAGE_UPLOADED("image-uploaded.schema.json"),
  PRODUCT_TAGGED("product-tagged.schema.json"),
  TAG_REVIEW_REQUESTED("tag-review-requested.schema.json"),
  UPLOAD_REJECTED("upload-rejected.schema.json"),
  TAG_DECIDED("tag-decided.schema.json"),
  LABELLED_EXAMPLE("labelled-example.schema.json"),
  BUNDLE_MANIFEST("bundle-manifest.schema.json");

  /** The {@code $id} of every schema file is this prefix plus its file name. */
  public static final String ID_PREFIX = "https://producttagger.dev/schemas/";

  /** Where the schema files are on the class path. */
  public static final String RESOURCE_DIRECTORY = "dev/producttagger/schemas/";

  private final String fileName;
  private final JsonSchema schema;

  JsonSchemaFile(String fileName) {
    this.fileName = fileName;
    this.schema = Compiler.compile(ID_PREFIX + fileName);
  }

  /** The file name, such as {@code image-uploaded.schema.json}. */
  public String fileName() {
    return fileName;
  }

  /** The schema's {@code $id}. */
  public URI id() {
    return URI.create(ID_PREFIX + fileName);
  }

  /**
   * Every violation of this schema by {@code document}, in evaluation order; empty if it is valid.
   */
  public List<SchemaViolation> validate(JsonNode document) {
    return schema.validate(document).stream().map(JsonSchemaFile::toViolation).toList();
  }

  private static SchemaViolation toViolation(ValidationMessage message) {
    String pointer = message.getInstanceLocation().toString();
    if ("required".equals(message.getType()) && message.getProperty() != null) {
      // Point at the missing field itself rather than at the object that lacks it.
      pointer = JsonPointer.compile(pointer).appendProperty(message.getProperty()).toString();
    }
    return new SchemaViolation(pointer, message.getType(), message.getError());
  }

  /** Holds the factory, which enum constructors cannot reach as a static field of the enum. */
  private static final class Compiler {
    private static final JsonSchemaFactory FACTORY =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaMappers(
                    mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:" + RESOURCE_DIRECTORY)));

    private static final SchemaValidatorsConfig CONFIG =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            // Draft 2020-12 treats "format" as a note; our contracts mean it (uuid, date-time).
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(PatternMatchers.INSTANCE)
            .build();

    static JsonSchema compile(String id) {
      JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(id), CONFIG);
      schema.initializeValidators();
      return schema;
    }
  }
}
