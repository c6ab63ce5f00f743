package dev.producttagger.tagger.preprocessing;

import dev.producttagger.schemas.events.Encoding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class DebugBombTest {
  @Test
  void bomb() throws Exception {
    byte[] png = TestPhotos.png(PhotoUploadsTestAccess.palette());
    // insert zTXt after IHDR (8 + 25 bytes)
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    z.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
    DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(9));
    byte[] zeros = new byte[1 << 20];
    for (int i = 0; i < 200; i++) d.write(zeros);
    d.close();
    byte[] data = z.toByteArray();
    byte[] type = "zTXt".getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32(); crc.update(type); crc.update(data);
    ByteBuffer out = ByteBuffer.allocate(png.length + 12 + data.length);
    out.put(png, 0, 33).putInt(data.length).put(type).put(data).putInt((int) crc.getValue()).put(png, 33, png.length - 33);
    System.out.println("bomb bytes " + out.capacity());
    Runtime rt = Runtime.getRuntime();
    long t = System.nanoTime();
    try {
      new PhotoDecoder(ImageLimits.DEFAULT).decode(Encoding.PNG, out.array());
      System.out.println("decoded");
    } catch (ImageRejectedException e) { System.out.println("rejected " + e.reason() + " " + e.getMessage()); }
    System.out.println("ms " + (System.nanoTime() - t) / 1e6 + " used MB " + (rt.totalMemory() - rt.freeMemory()) / 1e6);
  }
}
