package dev.producttagger.kafka.modeltopic;

import dev.producttagger.schemas.bundle.BundleLimits;
import dev.producttagger.schemas.bundle.BundleManifest;
import dev.producttagger.schemas.bundle.InvalidBundleException;
import dev.producttagger.schemas.bundle.ValidatedBundle;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record of the model topic, judged as a tagger judges it before loading the model. */
public sealed interface ModelRecord {

  long offset();

  /** The record key: the model name. */
  String key();

  /** A bundle a tagger would take. */
  record Valid(long offset, String key, ValidatedBundle bundle) implements ModelRecord {
    public BundleManifest manifest() {
      return bundle.manifest();
    }
  }

  /** A record a tagger refuses, and why, with the problem code first. */
  record Invalid(long offset, String key, String problem) implements ModelRecord {}

  /** Checks the record's bundle against the limits and, when given, the signing key. */
  static ModelRecord judge(
      ConsumerRecord<String, byte[]> record, BundleLimits limits, Optional<byte[]> hmacKey) {
    if (record.value() == null) {
      return new Invalid(record.offset(), record.key(), "EMPTY: the record has no value");
    }
    try {
      ValidatedBundle bundle = ValidatedBundle.read(record.value(), limits, hmacKey);
      return new Valid(record.offset(), record.key(), bundle);
    } catch (InvalidBundleException e) {
      return new Invalid(record.offset(), record.key(), e.getMessage());
    }
  }
}
