package dev.producttagger.schemas.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternMatchersTest {

  private static final RegularExpression JDK =
      JDKRegularExpressionFactory.getInstance().getRegularExpression(PatternMatchers.BASE64);
  private static final RegularExpression FAST =
      PatternMatchers.INSTANCE.getRegularExpression(PatternMatchers.BASE64);

  @ParameterizedTest
  @ValueSource(strings = {"", "QQ==", "QUI=", "QUJD", "QUJDRA==", "+/+/", "QUJD\n"})
  void acceptsWhatTheJdkRegexAccepts(String value) {
    assertTrue(JDK.matches(value));
    assertTrue(FAST.matches(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Q", "QUJ", "Q===", "====", "QQ=A", "QU=I", "=QUJ", "QUJD ", "QU-_", "QUJD\n\n"})
  void refusesWhatTheJdkRegexRefuses(String value) {
    assertFalse(JDK.matches(value));
    assertFalse(FAST.matches(value));
  }

  @Test
  void agreesWithTheJdkRegexOnRandomStrings() {
    Random random = new Random(7);
    String symbols = "AZaz09+/====\n\r -_";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(14);
      for (int j = 0; j < length; j++) {
        value.append(symbols.charAt(random.nextInt(symbols.length())));
      }
      String candidate = value.toString();
      assertEquals(JDK.matches(candidate), FAST.matches(candidate), () -> "'" + candidate + "'");
      // The plain scan is stricter only about the line terminator the JDK's '$' tolerates.
      boolean terminated = candidate.endsWith("\n") || candidate.endsWith("\r");
      assertEquals(
          JDK.matches(candidate) && !terminated,
          Base64Text.isPadded(candidate),
          () -> "'" + candidate + "'");
    }
  }

  @Test
  void agreesWithTheJdkRegexOnEncodedAndDamagedImages() {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(800)];
      random.nextBytes(bytes);
      String encoded = Base64.getEncoder().encodeToString(bytes);
      assertTrue(FAST.matches(encoded));
      if (!encoded.isEmpty()) {
        char[] damaged = encoded.toCharArray();
        damaged[random.nextInt(damaged.length)] = "=-\n A".charAt(random.nextInt(5));
        String candidate = new String(damaged);
        assertEquals(JDK.matches(candidate), FAST.matches(candidate), candidate);
      }
    }
  }

  @Test
  void otherPatternsKeepTheJdkMatcher() {
    RegularExpression hex = PatternMatchers.INSTANCE.getRegularExpression("^[0-9a-f]{64}$");
    assertTrue(hex.matches("a".repeat(64)));
    assertFalse(hex.matches("QUJD"));
  }

  /** The fast path only helps while the schema's image pattern is exactly the one it recognises. */
  @Test
  void theUploadSchemaUsesThePatternWithTheFastPath() throws IOException {
    try (InputStream schema =
        getClass().getResourceAsStream("/dev/producttagger/schemas/image-uploaded.schema.json")) {
      JsonNode root = new ObjectMapper().readTree(schema);
      assertTrue(
          root.toString().contains(new ObjectMapper().writeValueAsString(PatternMatchers.BASE64)));
    }
  }
}
