package io.mediakeep.worker.fetch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Hand-made file headers: only the bytes a sniffer and a header reader look at. */
final class CraftedMedia {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private CraftedMedia() {}

  /** The eight bytes every PNG starts with: enough for the sniffer, not for the header reader. */
  static byte[] pngSignature() {
    return PNG_SIGNATURE.clone();
  }

  /** A PNG signature, an IHDR chunk claiming width x height, a private chunk of padding, IEND. */
  static byte[] pngHeader(int width, int height, int paddingBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    if (paddingBytes > 0) {
      chunk(out, "prVt", new byte[paddingBytes]);
    }
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The classic smallest GIF: GIF89a, 1x1, a two-colour table, one pixel. */
  static byte[] gif1x1() {
    return new byte[] {
      'G',
      'I',
      'F',
      '8',
      '9',
      'a',
      1,
      0,
      1,
      0,
      (byte) 0x80,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      0x2C,
      0,
      0,
      0,
      0,
      1,
      0,
      1,
      0,
      0,
      2,
      2,
      0x44,
      1,
      0,
      0x3B
    };
  }

  /** A lossless WebP (VP8L) header: signature byte, 14-bit width-1 and height-1. */
  static byte[] webpLossless(int width, int height) {
    int bits = (width - 1) | (height - 1) << 14;
    ByteBuffer payload = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    payload.put((byte) 0x2F).putInt(bits);
    return riffWebp("VP8L", payload.array());
  }

  /** An extended WebP (VP8X) header: flags, reserved bytes, 24-bit canvas width-1, height-1. */
  static byte[] webpExtended(int width, int height) {
    byte[] payload = new byte[10];
    int w = width - 1;
    int h = height - 1;
    payload[4] = (byte) w;
    payload[5] = (byte) (w >> 8);
    payload[6] = (byte) (w >> 16);
    payload[7] = (byte) h;
    payload[8] = (byte) (h >> 8);
    payload[9] = (byte) (h >> 16);
    return riffWebp("VP8X", payload);
  }

  /** A real PNG of random pixels: it barely compresses, so its size is about 3 bytes a pixel. */
  static byte[] noisyPng(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A PNG header with one more chunk of the given type and data between IHDR and IEND. */
  static byte[] pngWithChunk(int width, int height, String type, byte[] data) {
    byte[] plain = pngHeader(width, height, 0);
    int iend = plain.length - 12;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, iend);
    chunk(out, type, data);
    out.write(plain, iend, 12);
    return out.toByteArray();
  }

  /** An animated PNG header whose acTL claims {@code frames} frames. */
  static byte[] apngClaiming(int frames) {
    return pngWithChunk(16, 16, "acTL", ByteBuffer.allocate(8).putInt(frames).putInt(0).array());
  }

  /** A GIF of {@code frames} 1x1 frames, with an optional comment extension before them. */
  static byte[] gifFrames(int frames, String comment) {
    byte[] one = gif1x1();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(one, 0, 19); // header, screen descriptor, two-colour table
    if (comment != null) {
      byte[] text = ascii(comment);
      out.write(0x21);
      out.write(0xFE);
      for (int i = 0; i < text.length; i += 255) {
        int n = Math.min(255, text.length - i);
        out.write(n);
        out.write(text, i, n);
      }
      out.write(0);
    }
    for (int f = 0; f < frames; f++) {
      out.write(one, 19, one.length - 20); // image descriptor and its data
    }
    out.write(0x3B);
    return out.toByteArray();
  }

  /** A GIF whose single frame claims width x height, larger than its 1x1 screen. */
  static byte[] gifWithFrame(int width, int height) {
    byte[] gif = gif1x1();
    gif[24] = (byte) width;
    gif[25] = (byte) (width >> 8);
    gif[26] = (byte) height;
    gif[27] = (byte) (height >> 8);
    return gif;
  }

  /** A JPEG with a comment segment holding {@code text} right after its start marker. */
  static byte[] jpegWithComment(byte[] jpeg, String text) {
    byte[] comment = ascii(text);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xFE);
    out.write((comment.length + 2) >> 8);
    out.write(comment.length + 2);
    out.writeBytes(comment);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An animated extended WebP: VP8X with the animation flag, ANIM, and {@code frames} ANMFs. */
  static byte[] webpAnimated(int frames) {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    byte[] vp8x = new byte[10];
    vp8x[0] = 0x02; // animation
    vp8x[4] = 15; // canvas 16 x 16
    vp8x[7] = 15;
    riffChunk(chunks, "VP8X", vp8x);
    riffChunk(chunks, "ANIM", new byte[6]);
    for (int f = 0; f < frames; f++) {
      byte[] frame = new byte[16];
      frame[6] = 15;
      frame[9] = 15;
      riffChunk(chunks, "ANMF", frame);
    }
    return riff(chunks.toByteArray());
  }

  /** A lossless WebP with one more RIFF chunk after the image. */
  static byte[] webpWithChunk(int width, int height, String type, byte[] data) {
    byte[] image = webpLossless(width, height);
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    chunks.write(image, 12, image.length - 12);
    riffChunk(chunks, type, data);
    return riff(chunks.toByteArray());
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void riffChunk(ByteArrayOutputStream out, String type, byte[] data) {
    out.writeBytes(ascii(type));
    out.writeBytes(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
    out.writeBytes(data);
    if ((data.length & 1) == 1) {
      out.write(0);
    }
  }

  private static byte[] riff(byte[] chunks) {
    ByteBuffer riff = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
    riff.put(ascii("RIFF")).putInt(4 + chunks.length).put(ascii("WEBP")).put(chunks);
    return riff.array();
  }

  private static byte[] riffWebp(String fourCc, byte[] payload) {
    int padded = payload.length + (payload.length & 1);
    ByteBuffer riff = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
    riff.put(ascii("RIFF")).putInt(12 + padded).put(ascii("WEBP"));
    riff.put(ascii(fourCc)).putInt(payload.length).put(payload);
    return riff.array();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(ascii(type));
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
