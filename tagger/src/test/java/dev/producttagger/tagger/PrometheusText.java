package dev.producttagger.tagger;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus' text exposition format (0.0.4) strictly, as a scraper would: every line must be
 * a comment, a HELP or TYPE line, or a sample of a family whose TYPE came first; anything else
 * fails. Samples are kept by their series, {@code name{label="value",...}} with labels sorted.
 */
public final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final Set<String> SUFFIXES = Set.of("_total", "_bucket", "_count", "_sum");

  private final Map<String, Double> samples = new TreeMap<>();
  private final Set<String> families = new HashSet<>();

  private PrometheusText() {}

  /**
   * @throws IllegalArgumentException naming the first line that is not valid exposition format
   */
  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    String[] lines = text.split("\n", -1);
    if (!lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException("the text must end with a line feed");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      try {
        parsed.read(lines[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " '" + lines[i] + "': " + e.getMessage(), e);
      }
    }
    return parsed;
  }

  private void read(String line) {
    Matcher type = TYPE.matcher(line);
    if (type.matches()) {
      if (!families.add(type.group(1))) {
        throw new IllegalArgumentException("a second TYPE for " + type.group(1));
      }
      return;
    }
    if (HELP.matcher(line).matches() || (line.startsWith("#") && !line.startsWith("# "))) {
      return;
    }
    Matcher sample = SAMPLE.matcher(line);
    if (!sample.matches()) {
      throw new IllegalArgumentException("not a sample, TYPE or HELP line");
    }
    String name = sample.group(1);
    if (!families.contains(name) && !families.contains(familyOf(name))) {
      throw new IllegalArgumentException("sample before the TYPE of its family");
    }
    String series = name + "{" + String.join(",", labels(sample.group(3)).values()) + "}";
    if (samples.put(series, value(sample.group(4))) != null) {
      throw new IllegalArgumentException("series " + series + " appears twice");
    }
  }

  private static String familyOf(String sampleName) {
    for (String suffix : SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        return sampleName.substring(0, sampleName.length() - suffix.length());
      }
    }
    return sampleName;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher label = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!label.find(at) || label.start() != at) {
        throw new IllegalArgumentException("bad label list at " + text.substring(at));
      }
      if (labels.put(label.group(1), label.group(0).replaceAll(",$", "")) != null) {
        throw new IllegalArgumentException("label " + label.group(1) + " appears twice");
      }
      at = label.end();
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * The value of one series, or null if absent.
   *
   * @param labels name, value, name, value, ...
   */
  public Double value(String name, String... labels) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      sorted.put(labels[i], labels[i] + "=\"" + labels[i + 1] + "\"");
    }
    return samples.get(name + "{" + String.join(",", sorted.values()) + "}");
  }

  /** How many series of {@code name} there are, whatever their labels. */
  public long count(String name) {
    return samples.keySet().stream().filter(key -> key.startsWith(name + "{")).count();
  }

  /** The names of every series, without their labels. */
  public java.util.Set<String> names() {
    return samples.keySet().stream()
        .map(key -> key.substring(0, key.indexOf('{')))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The sum of every series of {@code name}, whatever its labels. */
  public double sum(String name) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(name + "{"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
