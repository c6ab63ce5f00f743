/**
 * The model topic as the trainer and the tagger's model commands use it: every record judged as a
 * tagger judges it, the version rule (versions only increase, across model names), and writing a
 * bundle with producer sizes that match the topic.
 */
package dev.producttagger.kafka.modeltopic;
