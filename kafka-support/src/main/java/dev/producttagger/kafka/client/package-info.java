/**
 * Reaching a Kafka cluster the way every tool of the product does: one {@link
 * dev.producttagger.kafka.client.KafkaConnection} (address, client properties, timeout), the admin
 * questions asked before reading or writing, and reading a whole topic to its end. Failures are
 * IOExceptions that say what was attempted where.
 */
package dev.producttagger.kafka.client;
