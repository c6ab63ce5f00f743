package dev.producttagger.tagger.preprocessing;
import java.awt.image.*;
class PhotoUploadsTestAccess {
  static BufferedImage palette() {
    IndexColorModel p = new IndexColorModel(8, 2, new byte[]{(byte)255,0}, new byte[]{(byte)255,0}, new byte[]{(byte)255,0});
    return new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_INDEXED, p);
  }
}
