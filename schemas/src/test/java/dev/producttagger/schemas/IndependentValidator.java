package dev.producttagger.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates against the schema files with the networknt validator set up here, apart from the
 * production code, so that tests of what the serdes write do not trust the code under test.
 */
public final class IndependentValidator {

  private static final String ID_PREFIX = "https://producttagger.dev/schemas/";
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:dev/producttagger/schemas/")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .formatAssertionsEnabled(true)
          .build();
  private static final ConcurrentHashMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private IndependentValidator() {}

  /**
   * The violations of {@code document} against the schema file {@code fileName}, e.g.
   * "image-uploaded.schema.json".
   */
  public static Set<ValidationMessage> validate(String fileName, JsonNode document) {
    return SCHEMAS
        .computeIfAbsent(
            fileName, name -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + name), CONFIG))
        .validate(document);
  }

  /** The draft 2020-12 meta-schema, which the validator ships with. */
  public static Set<ValidationMessage> validateAgainstMetaSchema(JsonNode schema) {
    return SCHEMAS
        .computeIfAbsent(
            "meta",
            name ->
                FACTORY.getSchema(
                    SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG))
        .validate(schema);
  }
}
