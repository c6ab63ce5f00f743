/**
 * Bounded, strict JSON reading and JSON Schema validation shared by the event serdes and the model
 * bundle reader.
 */
package dev.producttagger.schemas.json;
