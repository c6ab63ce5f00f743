/**
 * The product tagger's contracts: the events on its topics ({@code events}), their Kafka serdes
 * ({@code serde}), the model bundle format ({@code bundle}) and the JSON reading and JSON Schema
 * validation they share ({@code json}). Reaching Kafka, the topics and the model topic's rules are
 * in the kafka-support module. The JSON Schema files live next to this package as resources, one
 * per event type plus {@code bundle-manifest.schema.json}.
 */
package dev.producttagger.schemas;
