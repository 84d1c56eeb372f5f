package io.lcledger.node.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import org.apache.tika.Tika;

/**
 * The media types trade documents come in (PDF, PNG, JPEG and TIFF images, OFD, XML), recognised
 * from the file's own bytes: what an upload declares is never trusted, so an HTML page or a script
 * cannot be stored as a document and served back to another company's browser.
 */
public final class DocumentMediaTypes {
  /**
   * OFD (GB/T 33190), China's fixed-layout format for e-invoices: a ZIP with OFD.xml at its root.
   */
  static final String OFD = "application/ofd";

  static final List<String> ALLOWED =
      List.of("application/pdf", "image/png", "image/jpeg", "image/tiff", OFD, "application/xml");

  private static final Set<String> ALLOWED_SET = Set.copyOf(ALLOWED);
  private static final Tika TIKA = new Tika();

  private DocumentMediaTypes() {}

  /** The media type of the file from its content, or {@code null} if it is not a trade document. */
  static String detect(Path file) throws IOException {
    String detected;
    try (InputStream in = Files.newInputStream(file)) {
      detected = TIKA.detect(in); // magic bytes only: no file name is given
    }
    if (("application/zip".equals(detected) || "application/x-tika-ooxml".equals(detected))
        && isOfd(file)) {
      return OFD;
    }
    if ("text/xml".equals(detected)) {
      detected = "application/xml";
    }
    return ALLOWED_SET.contains(detected) ? detected : null;
  }

  /** The type to serve a stored file as: its recorded type if allowed, else opaque bytes. */
  public static String servedAs(String recorded) {
    return recorded != null && ALLOWED_SET.contains(recorded)
        ? recorded
        : "application/octet-stream";
  }

  private static boolean isOfd(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry("OFD.xml") != null; // the central directory only: nothing is inflated
    } catch (IOException notAZip) {
      return false;
    }
  }
}
