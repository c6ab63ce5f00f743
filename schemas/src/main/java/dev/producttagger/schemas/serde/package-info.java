/**
 * Kafka serdes for the events, on JSON. Obtain them from {@link
 * dev.producttagger.schemas.serde.EventSerdes}. Every deserializer parses strictly within limits,
 * validates against the type's JSON Schema file and then maps to the record, failing with {@link
 * dev.producttagger.schemas.serde.EventDeserializationException}.
 */
package dev.producttagger.schemas.serde;
