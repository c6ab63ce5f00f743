/**
 * The events on the product tagger's topics, as immutable records that match their JSON Schema
 * files field for field. Records holding {@code byte[]} compare and hash the bytes' contents; their
 * arrays are not copied, so treat them as read-only.
 */
package dev.producttagger.schemas.events;
