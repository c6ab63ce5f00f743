/**
 * The model bundle: one self-describing ZIP that serves on disk and on the model topic. It holds
 * {@code manifest.json} ({@link dev.producttagger.schemas.bundle.BundleManifest}), {@code
 * network.json} and {@code weights.bin} as opaque bytes, and optionally a {@code signature}.
 * Reading is bounded and checks everything; nothing is ever Java-deserialized.
 */
package dev.producttagger.schemas.bundle;
