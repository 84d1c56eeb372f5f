package io.lcledger.node.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

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
  private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();

  /**
   * The binary formats, each known by Tika's own signature for it. Tika's full detection tries its
   * every signature (about 1,500: a millisecond of CPU per upload, a tenth of the request threads'
   * in the sandbox benchmark): a file with one of these signatures is that format, unless a more
   * specific format Tika knows claims it too (a Canon raw image is a TIFF), which is left to the
   * full detection.
   */
  private static final List<Signed> SIGNED =
      List.of("application/pdf", "image/png", "image/jpeg", "image/tiff").stream()
          .map(Signed::of)
          .toList();

  private DocumentMediaTypes() {}

  /** The media type of the file from its content, or {@code null} if it is not a trade document. */
  static String detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(TYPES.getMinLength()); // what Tika's full detection reads
    }
    for (Signed format : SIGNED) {
      if (format.claims(head)) {
        return format.type();
      }
    }
    return detectByTika(file);
  }

  /**
   * Tika's full detection: every signature it knows, and an XML file's root element (an SVG image
   * or an XHTML page is not an XML document).
   */
  static String detectByTika(Path file) throws IOException {
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

  /** A format, by Tika's signature for it, and the more specific formats with a signature. */
  private record Signed(String type, MimeType format, List<MimeType> narrower) {
    static Signed of(String type) {
      List<MimeType> narrower = new ArrayList<>();
      addNarrower(MediaType.parse(type), narrower);
      return new Signed(type, known(type), List.copyOf(narrower));
    }

    boolean claims(byte[] head) {
      return format.matchesMagic(head) && narrower.stream().noneMatch(n -> n.matchesMagic(head));
    }

    private static void addNarrower(MediaType type, List<MimeType> into) {
      for (MediaType child : TYPES.getMediaTypeRegistry().getChildTypes(type)) {
        MimeType known = known(child.toString());
        if (known.hasMagic()) {
          into.add(known);
        }
        addNarrower(child, into);
      }
    }

    private static MimeType known(String type) {
      try {
        return TYPES.forName(type);
      } catch (MimeTypeException e) {
        throw new IllegalStateException("Tika does not know " + type, e);
      }
    }
  }

  private static boolean isOfd(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry("OFD.xml") != null; // the central directory only: nothing is inflated
    } catch (IOException notAZip) {
      return false;
    }
  }
}
