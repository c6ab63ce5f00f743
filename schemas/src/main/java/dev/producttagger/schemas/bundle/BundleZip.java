package dev.producttagger.schemas.bundle;

import dev.producttagger.schemas.bundle.InvalidBundleException.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The ZIP layer of a bundle: deterministic writing, and reading that trusts nothing the archive
 * declares.
 */
final class BundleZip {

  /**
   * Every entry gets this local timestamp so that equal contents give equal bytes in any time zone.
   * Not the DOS epoch: ZipOutputStream adds a zone-dependent extended timestamp for it.
   */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  /**
   * Entries inflate into chunks of this size, so a bomb is caught within one chunk of its limit.
   */
  private static final int READ_CHUNK_BYTES = 64 * 1024;

  /** Entry names in messages are attacker-chosen; keep them short. */
  private static final int MAX_QUOTED_NAME = 100;

  private BundleZip() {}

  /**
   * A ZIP of {@code entries} in their iteration order; the same entries always give the same bytes.
   */
  static byte[] write(Map<String, byte[]> entries) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        zipEntry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(zipEntry);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return buffer.toByteArray();
  }

  /**
   * The entries of {@code zip} by name, each inflated at most up to the limits. Entries outside
   * {@code allowedNames}, repeated names and too many entries are refused as they are met.
   *
   * @throws InvalidBundleException TOO_LARGE, NOT_A_ZIP, TOO_MANY_ENTRIES, UNEXPECTED_ENTRY,
   *     DUPLICATE_ENTRY or ZIP_BOMB
   */
  static Map<String, byte[]> read(byte[] zip, BundleLimits limits, Set<String> allowedNames) {
    if (zip.length > limits.maxTotalBytes()) {
      throw new InvalidBundleException(
          Problem.TOO_LARGE,
          "the bundle has "
              + zip.length
              + " bytes, more than the limit of "
              + limits.maxTotalBytes());
    }
    if (!endsWithCentralDirectory(zip)) {
      throw new InvalidBundleException(
          Problem.NOT_A_ZIP,
          "the bundle is not a ZIP or is truncated: no end-of-central-directory record");
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    long inflatedTotal = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String name = entry.getName();
        if (entries.size() == limits.maxEntries()) {
          throw new InvalidBundleException(
              Problem.TOO_MANY_ENTRIES,
              "the bundle has more than " + limits.maxEntries() + " entries");
        }
        if (!allowedNames.contains(name)) {
          throw new InvalidBundleException(
              Problem.UNEXPECTED_ENTRY,
              "unexpected entry '" + quote(name) + "'; a bundle holds only " + allowedNames);
        }
        if (entries.containsKey(name)) {
          throw new InvalidBundleException(
              Problem.DUPLICATE_ENTRY, "entry '" + name + "' appears twice");
        }
        long budget = Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - inflatedTotal);
        byte[] content = readAtMost(in, budget, name, limits);
        inflatedTotal += content.length;
        entries.put(name, content);
      }
    } catch (IOException | IllegalArgumentException e) {
      // ZipInputStream reports undecodable entry names with IllegalArgumentException.
      throw new InvalidBundleException(
          Problem.NOT_A_ZIP, "the bundle is a damaged ZIP: " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new InvalidBundleException(
          Problem.NOT_A_ZIP, "no ZIP entries found: not a ZIP, or an empty one");
    }
    return entries;
  }

  /**
   * The rest of the current entry, counting the bytes as they inflate and giving up as soon as they
   * pass {@code budget}: memory stays within the budget plus one chunk, whatever the entry declares
   * about its size.
   */
  /**
   * A complete ZIP ends with an end-of-central-directory record (signature PK 5 6, 22 bytes plus a
   * comment of at most 65,535). Reading entries alone cannot tell a ZIP cut at an entry boundary
   * from a whole one.
   */
  private static boolean endsWithCentralDirectory(byte[] zip) {
    int earliest = Math.max(0, zip.length - 22 - 65_535);
    for (int at = zip.length - 22; at >= earliest; at--) {
      if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 5 && zip[at + 3] == 6) {
        return true;
      }
    }
    return false;
  }

  private static byte[] readAtMost(ZipInputStream in, long budget, String name, BundleLimits limits)
      throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long total = 0;
    int lastLength;
    do {
      byte[] chunk = new byte[READ_CHUNK_BYTES];
      lastLength = in.readNBytes(chunk, 0, chunk.length);
      total += lastLength;
      if (total > budget) {
        throw new InvalidBundleException(
            Problem.ZIP_BOMB,
            "entry '"
                + name
                + "' inflates beyond "
                + budget
                + " bytes (limits: "
                + limits.maxEntryBytes()
                + " per entry, "
                + limits.maxTotalBytes()
                + " in total); stopped reading it");
      }
      chunks.add(chunk);
    } while (lastLength == READ_CHUNK_BYTES);
    byte[] content = new byte[(int) total];
    int offset = 0;
    for (byte[] chunk : chunks) {
      int length = (int) Math.min(chunk.length, total - offset);
      System.arraycopy(chunk, 0, content, offset, length);
      offset += length;
    }
    return content;
  }

  private static String quote(String name) {
    return name.length() <= MAX_QUOTED_NAME ? name : name.substring(0, MAX_QUOTED_NAME) + "...";
  }
}
