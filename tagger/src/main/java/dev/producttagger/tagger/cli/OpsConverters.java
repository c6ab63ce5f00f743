package dev.producttagger.tagger.cli;

import dev.producttagger.tagger.ops.PartitionOffset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values of the ops commands, with messages that say what was expected. */
final class OpsConverters {

  private OpsConverters() {}

  /** An RFC 3339 date-time with its offset, such as 2026-11-27T10:00:00Z. */
  static final class Rfc3339 implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not an RFC 3339 date-time with an offset, such as"
                + " 2026-11-27T10:00:00Z or 2026-11-27T11:00:00+01:00");
      }
    }
  }

  /** {@code PARTITION:OFFSET}. */
  static final class Position implements ITypeConverter<PartitionOffset> {
    @Override
    public PartitionOffset convert(String value) {
      try {
        return PartitionOffset.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
