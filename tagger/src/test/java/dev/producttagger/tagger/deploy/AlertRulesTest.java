package dev.producttagger.tagger.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.app.UploadLag;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules shipped in deploy/prometheus: well-formed rules that alert only on
 * metrics the tagger exports, so a renamed metric cannot silently disarm an alert.
 */
class AlertRulesTest {

  private static final Path RULES = Path.of("..", "deploy", "prometheus", "tagger-alerts.yml");
  private static final Pattern TAGGER_METRIC = Pattern.compile("tagger_[a-z0-9_]+");

  @Test
  void everyRuleIsCompleteAndNamesOnlyExportedMetrics() throws IOException {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(RULES.toFile())
            .get("groups")
            .get(0)
            .get("rules");
    Set<String> exported = exportedMetricNames();
    assertTrue(rules.size() >= 3, rules.toString());
    for (JsonNode rule : rules) {
      String alert = rule.get("alert").asText();
      for (String field : new String[] {"expr", "for"}) {
        assertTrue(rule.hasNonNull(field), alert + " has no " + field);
      }
      assertTrue(
          Set.of("warning", "critical").contains(rule.get("labels").get("severity").asText()),
          alert);
      assertFalse(rule.get("annotations").get("summary").asText().isBlank(), alert);
      Matcher names = TAGGER_METRIC.matcher(rule.get("expr").asText());
      boolean any = false;
      while (names.find()) {
        any = true;
        String name = names.group().replaceAll("_total$", "");
        assertTrue(exported.contains(name), alert + " uses " + names.group() + ", not exported");
      }
      assertTrue(any, alert + " names no tagger metric");
    }
  }

  /** The tagger's metric families, as a running instance registers them. */
  private static Set<String> exportedMetricNames() {
    TaggerStatistics statistics =
        new TaggerStatistics(
            ModelRegistry.forFashionMnist(Optional.empty()), new ManualClock(Instant.EPOCH));
    Set<String> names = new HashSet<>();
    for (MetricSnapshot family : statistics.prometheusRegistry().scrape()) {
      names.add(family.getMetadata().getPrometheusName());
    }
    names.add(UploadLag.METRIC);
    return names;
  }
}
