package dev.producttagger.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.producttagger.schemas.IndependentValidator;
import dev.producttagger.schemas.Samples;
import dev.producttagger.schemas.serde.EventSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonSchemaFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(JsonSchemaFile.class)
  void isAValidDraft202012SchemaWithItsOwnId(JsonSchemaFile file) throws IOException {
    JsonNode schema = resource(file);

    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    assertEquals(file.id().toString(), schema.path("$id").asText());
    assertEquals(Set.of(), IndependentValidator.validateAgainstMetaSchema(schema));
  }

  @ParameterizedTest
  @EnumSource(JsonSchemaFile.class)
  void neverForbidsUnknownFields(JsonSchemaFile file) throws IOException {
    JsonNode schema = resource(file);

    assertFalse(
        schema.findValues("additionalProperties").stream().anyMatch(JsonNode::isBoolean),
        "readers ignore unknown fields");
    assertFalse(schema.has("unevaluatedProperties"), "readers ignore unknown fields");
  }

  @Test
  void aMissingFieldIsReportedWhereItShouldBe() throws IOException {
    ObjectNode upload =
        (ObjectNode) JSON.readTree(EventSerdes.imageUploaded().serialize(Samples.gray8Upload()));
    ((ObjectNode) upload.get("image")).remove("width");

    List<SchemaViolation> violations = JsonSchemaFile.IMAGE_UPLOADED.validate(upload);

    assertEquals(1, violations.size(), violations::toString);
    assertEquals("/image/width", violations.get(0).pointer());
    assertEquals("required", violations.get(0).keyword());
    assertEquals(
        "field /image/width: required property 'width' not found", violations.get(0).describe());
  }

  private static JsonNode resource(JsonSchemaFile file) throws IOException {
    try (InputStream in =
        JsonSchemaFile.class
            .getClassLoader()
            .getResourceAsStream(JsonSchemaFile.RESOURCE_DIRECTORY + file.fileName())) {
      assertNotNull(in, file.fileName());
      return JSON.readTree(in);
    }
  }
}
