package io.lcledger.node.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;

/**
 * Exports of an audit trail: CSV with a detached CMS signature of its own (.p7s), and PDF signed by
 * the node's key (a detached CMS signature, {@code adbe.pkcs7.detached}, over the whole file) so
 * that any edit shows. Both signed SHA256withECDSA or SM3withSM2, as the node's key is.
 */
@Component
public class TrailExports {
  /** A TrueType collection with CJK glyphs (Debian: fonts-wqy-microhei); Helvetica without it. */
  static final Path CJK_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

  private final NodeSigningKey signingKey;
  private final CsvMapper csv = new CsvMapper();

  public TrailExports(NodeSigningKey signingKey) {
    this.signingKey = signingKey;
  }

  /** The CSV row of a trail entry. */
  @JsonPropertyOrder({
    "txId",
    "blockNumber",
    "timestamp",
    "branch",
    "mspId",
    "step",
    "status",
    "changes"
  })
  record CsvRow(
      String txId,
      Long blockNumber,
      String timestamp,
      String branch,
      String mspId,
      String step,
      String status,
      String changes) {}

  public byte[] csv(List<TrailService.Entry> trail) {
    CsvSchema schema = csv.schemaFor(CsvRow.class).withHeader().withColumnReordering(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SequenceWriter writer = csv.writer(schema).writeValues(out)) {
      for (TrailService.Entry e : trail) {
        writer.write(
            new CsvRow(
                e.txId(),
                e.blockNumber(),
                String.valueOf(e.timestamp()),
                e.branch(),
                e.mspId(),
                e.step(),
                e.status(),
                String.join("; ", e.changes())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public byte[] signedPdf(String lcNumber, List<TrailService.Entry> trail, Instant generatedAt) {
    try {
      byte[] unsigned = render(lcNumber, trail, generatedAt);
      try (PDDocument doc = Loader.loadPDF(unsigned)) {
        PDSignature signature = new PDSignature();
        signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
        signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
        signature.setName(signingKey.certificate().getSubjectX500Principal().getName());
        signature.setReason("Audit trail of LC " + lcNumber + " exported from the ledger");
        Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        when.setTimeInMillis(generatedAt.toEpochMilli());
        signature.setSignDate(when);
        doc.addSignature(signature, this::cms);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.saveIncremental(out);
        return out.toByteArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A detached CMS signature (DER, a .p7s file) of {@code csv}, made as a PDF's is. */
  public byte[] csvSignature(byte[] csv) {
    try {
      return cms(csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] cms(java.io.InputStream content) throws IOException {
    return cms(content.readAllBytes());
  }

  private byte[] cms(byte[] content) throws IOException {
    try {
      JcaContentSignerBuilder signer =
          new JcaContentSignerBuilder(signingKey.algorithm().jcaName());
      if (signingKey.algorithm() == SignatureAlgorithm.SM2) {
        // the JDK has no SM2; Bouncy Castle's uses the default user ID, as GB/T 35275's CMS does
        signer.setProvider(SignatureAlgorithm.BOUNCY_CASTLE);
      }
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(
                  new JcaDigestCalculatorProviderBuilder()
                      .setProvider(SignatureAlgorithm.BOUNCY_CASTLE) // SM3 as well as SHA-256
                      .build())
              .build(signer.build(signingKey.key()), signingKey.certificate()));
      generator.addCertificates(new JcaCertStore(List.of(signingKey.certificate())));
      CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
      return signed.getEncoded();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot sign the trail", e);
    }
  }

  private byte[] render(String lcNumber, List<TrailService.Entry> trail, Instant generatedAt)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDFont font = font(doc);
      List<String> lines = new ArrayList<>();
      lines.add("LC " + lcNumber + " — audit trail / 审计轨迹");
      lines.add(
          "Generated "
              + generatedAt
              + " from the ledger; signed ("
              + signingKey.algorithm().jcaName()
              + ") by "
              + signingKey.certificate().getSubjectX500Principal().getName());
      lines.add("");
      for (TrailService.Entry e : trail) {
        lines.add(
            "#"
                + e.blockNumber()
                + "  "
                + e.timestamp()
                + "  "
                + e.branch()
                + " ("
                + e.mspId()
                + ")  "
                + e.step()
                + " → "
                + e.status());
        lines.add("    tx " + e.txId());
        for (String change : e.changes()) {
          lines.addAll(wrap("    " + change, 110));
        }
      }
      float leading = 12f;
      PDPage page = null;
      PDPageContentStream text = null;
      float y = 0;
      for (String line : lines) {
        if (page == null || y < 40) {
          if (text != null) {
            text.endText();
            text.close();
          }
          page = new PDPage(PDRectangle.A4);
          doc.addPage(page);
          text = new PDPageContentStream(doc, page);
          text.beginText();
          text.setFont(font, 8);
          y = page.getMediaBox().getHeight() - 40;
          text.newLineAtOffset(36, y);
        }
        text.showText(encodable(font, line));
        text.newLineAtOffset(0, -leading);
        y -= leading;
      }
      if (text != null) {
        text.endText();
        text.close();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static PDFont font(PDDocument doc) throws IOException {
    if (Files.exists(CJK_FONT)) {
      TrueTypeCollection collection = new TrueTypeCollection(CJK_FONT.toFile());
      org.apache.fontbox.ttf.TrueTypeFont[] first = new org.apache.fontbox.ttf.TrueTypeFont[1];
      collection.processAllFonts(
          ttf -> {
            if (first[0] == null) {
              first[0] = ttf;
            }
          });
      return PDType0Font.load(doc, first[0], true);
    }
    return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  }

  /** Characters the font cannot draw become '?', so a missing CJK font never breaks an export. */
  private static String encodable(PDFont font, String line) {
    StringBuilder out = new StringBuilder();
    line.codePoints()
        .forEach(
            cp -> {
              String ch = new String(Character.toChars(cp));
              try {
                font.encode(ch);
                out.append(ch);
              } catch (IOException | IllegalArgumentException e) {
                out.append('?');
              }
            });
    return out.toString();
  }

  private static List<String> wrap(String line, int width) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < line.length(); i += width) {
      lines.add((i == 0 ? "" : "      ") + line.substring(i, Math.min(line.length(), i + width)));
    }
    return lines;
  }

  /** Whether {@code pdf} carries a signature by {@code certificate} that covers the whole file. */
  public static boolean verify(byte[] pdf, java.security.cert.X509Certificate certificate) {
    return ExportVerifier.pdf(pdf, List.of(certificate)).outcome()
        == ExportVerification.Outcome.VERIFIED;
  }
}
