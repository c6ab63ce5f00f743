package dev.producttagger.tagger.topology;

import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.SourceRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a {@link BufferedUpload} for the changelogged batch buffer. A leading
 * format byte lets a later version of the tagger restore a buffer written by this one.
 */
final class BufferedUploadSerde implements Serde<BufferedUpload> {

  private static final byte FORMAT_V1 = 1;

  @Override
  public Serializer<BufferedUpload> serializer() {
    return (topic, upload) -> upload == null ? null : write(upload);
  }

  @Override
  public Deserializer<BufferedUpload> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private static byte[] write(BufferedUpload upload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_V1);
      out.writeUTF(upload.productId());
      out.writeUTF(upload.eventId());
      out.writeUTF(upload.sellerId());
      out.writeLong(upload.uploadedAt().getEpochSecond());
      out.writeInt(upload.uploadedAt().getNano());
      out.writeUTF(upload.source().topic());
      out.writeInt(upload.source().partition());
      out.writeLong(upload.source().offset());
      out.writeLong(upload.timestamp());
      out.writeLong(upload.bufferedAtMs());
      out.write(upload.input().pixels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static BufferedUpload read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT_V1) {
        throw new SerializationException("unknown batch-buffer format " + format);
      }
      String productId = in.readUTF();
      String eventId = in.readUTF();
      String sellerId = in.readUTF();
      Instant uploadedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      SourceRef source = new SourceRef(in.readUTF(), in.readInt(), in.readLong());
      long timestamp = in.readLong();
      long bufferedAtMs = in.readLong();
      byte[] pixels = new byte[ModelInput.PIXELS];
      in.readFully(pixels);
      return new BufferedUpload(
          productId,
          eventId,
          sellerId,
          uploadedAt,
          source,
          timestamp,
          bufferedAtMs,
          new ModelInput(pixels));
    } catch (IOException e) {
      throw new SerializationException("corrupt batch-buffer entry", e);
    }
  }
}
