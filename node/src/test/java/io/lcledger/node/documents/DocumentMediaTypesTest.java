package io.lcledger.node.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document's type comes from its bytes; the formats known by their signature are decided as
 * Tika's full detection decides them, and the rest are left to it.
 */
class DocumentMediaTypesTest {
  @TempDir Path dir;

  /** Each sample and the type it must be kept as ({@code null}: refused). */
  private Map<String, String> samples() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    write("invoice.pdf", ascii("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"));
    expected.put("invoice.pdf", "application/pdf");
    write("utf8-bom.pdf", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "%PDF-1.7"));
    expected.put("utf8-bom.pdf", "application/pdf");
    write("scan.png", image("png"));
    expected.put("scan.png", "image/png");
    write("scan.jpg", image("jpeg"));
    expected.put("scan.jpg", "image/jpeg");
    write("scan.tif", image("tiff"));
    expected.put("scan.tif", "image/tiff");
    // a Canon raw image is a TIFF to its first bytes, and more specific to Tika: not a document
    write("photo.cr2", concat(ascii("II*\0\u0010\0\0\0CR\u0002\0"), "rest of the raw image"));
    expected.put("photo.cr2", null);
    byte[] xml = ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invoice><No>1</No></Invoice>");
    write("invoice.xml", xml);
    expected.put("invoice.xml", "application/xml");
    write("invoice.ofd", zip("OFD.xml", xml));
    expected.put("invoice.ofd", "application/ofd");
    write("archive.zip", zip("invoice.xml", xml));
    expected.put("archive.zip", null);
    write(
        "image.svg",
        ascii("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"));
    expected.put("image.svg", null);
    write(
        "page.xhtml",
        ascii("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"></html>"));
    expected.put("page.xhtml", null);
    write("page.html", ascii("<html><script>alert(document.cookie)</script></html>"));
    expected.put("page.html", null);
    write("script.sh", ascii("#!/bin/sh\nrm -rf /\n"));
    expected.put("script.sh", null);
    write("notes.txt", ascii("PDF invoice number 1"));
    expected.put("notes.txt", null);
    write("empty.pdf", new byte[0]);
    expected.put("empty.pdf", null);
    return expected;
  }

  @Test
  void eachSampleIsKeptAsItsContentSays() throws Exception {
    for (Map.Entry<String, String> sample : samples().entrySet()) {
      assertThat(DocumentMediaTypes.detect(dir.resolve(sample.getKey())))
          .as(sample.getKey())
          .isEqualTo(sample.getValue());
    }
  }

  @Test
  void theSignaturesDecideAsTikasFullDetectionDoes() throws Exception {
    for (String name : samples().keySet()) {
      Path file = dir.resolve(name);
      assertThat(DocumentMediaTypes.detect(file))
          .as(name)
          .isEqualTo(DocumentMediaTypes.detectByTika(file));
    }
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] head, String rest) {
    byte[] tail = ascii(rest);
    byte[] all = new byte[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private static byte[] image(String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
    return out.toByteArray();
  }

  private static byte[] zip(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content);
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
