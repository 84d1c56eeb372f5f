package io.lcledger.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcledger.node.audit.ExportVerification.Outcome;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The signed exports with either algorithm, as the verifier (the page's and the command's) checks
 * them: intact ones verify and name their signer and algorithm; any change does not.
 */
class SignedExportsTest {
  static final Instant AT = Instant.parse("2026-03-02T02:00:00Z");
  static final List<TrailService.Entry> TRAIL =
      List.of(
          new TrailService.Entry(
              "tx-1", 1L, AT, "shanghai", "ShanghaiMSP", "ISSUE", "ISSUED", List.of("created")),
          new TrailService.Entry(
              "tx-2",
              2L,
              AT.plusSeconds(60),
              "yangzhou",
              "YangzhouMSP",
              "ADVISE",
              "ADVISED",
              List.of("status: ISSUED → ADVISED")));

  @TempDir Path dir;

  NodeSigningKey key(String node, SignatureAlgorithm algorithm) {
    return new NodeSigningKey(
        dir.resolve(node).resolve("node-key"), "CN=LC ledger node " + node, algorithm);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void aSignedPdfVerifiesAndAnyChangedByteDoesNot(SignatureAlgorithm algorithm) throws Exception {
    NodeSigningKey key = key("shanghai", algorithm);
    byte[] pdf = new TrailExports(key).signedPdf("LC-1", TRAIL, AT);

    ExportVerification verified = ExportVerifier.pdf(pdf, key.certificates());
    assertThat(verified.outcome()).isEqualTo(Outcome.VERIFIED);
    assertThat(verified.signer().algorithm()).isEqualTo(algorithm.jcaName());
    assertThat(verified.signer().subject()).isEqualTo("CN=LC ledger node shanghai");
    assertThat(verified.signer().known()).isTrue();
    assertThat(verified.signer().fingerprint())
        .isEqualTo(ExportVerifier.fingerprint(key.certificate()));
    assertThat(TrailExports.verify(pdf, key.certificate())).isTrue();

    // a byte of the content, of the signature, or one added at the end
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    byte[] content = pdf.clone();
    content[text.indexOf("/Type /Catalog") + 7] = 'X';
    // a byte of the signature value itself, in the hex of /Contents
    byte[] signature = pdf.clone();
    int at = text.toUpperCase(java.util.Locale.ROOT).indexOf(signatureValueHex(pdf)) + 20;
    signature[at] = (byte) (signature[at] == '1' ? '2' : '1');
    byte[] appended = java.util.Arrays.copyOf(pdf, pdf.length + 1);
    appended[pdf.length] = '\n';
    for (byte[] changed : List.of(content, signature, appended)) {
      ExportVerification result = ExportVerifier.pdf(changed, key.certificates());
      assertThat(result.verified())
          .as(List.of(content, signature, appended).indexOf(changed) + " " + result)
          .isFalse();
      assertThat(TrailExports.verify(changed, key.certificate())).isFalse();
    }
    assertThat(ExportVerifier.pdf(appended, key.certificates()).outcome())
        .isEqualTo(Outcome.NOT_WHOLE_FILE);
  }

  private static String signatureValueHex(byte[] pdf) throws Exception {
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      var cms =
          new org.bouncycastle.cms.CMSSignedData(doc.getLastSignatureDictionary().getContents(pdf));
      byte[] value = cms.getSignerInfos().getSigners().iterator().next().getSignature();
      return java.util.HexFormat.of().withUpperCase().formatHex(value);
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void aCsvVerifiesWithItsSignatureAndAChangedCsvDoesNot(SignatureAlgorithm algorithm) {
    NodeSigningKey key = key("shanghai", algorithm);
    TrailExports exports = new TrailExports(key);
    byte[] csv = exports.csv(TRAIL);
    byte[] p7s = exports.csvSignature(csv);

    ExportVerification verified = ExportVerifier.detached(csv, p7s, key.certificates());
    assertThat(verified.outcome()).isEqualTo(Outcome.VERIFIED);
    assertThat(verified.signer().algorithm()).isEqualTo(algorithm.jcaName());
    assertThat(verified.signer().signedAt()).isNotNull();

    byte[] changed =
        new String(csv, StandardCharsets.UTF_8)
            .replace("ADVISED", "REFUSED")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(ExportVerifier.detached(changed, p7s, key.certificates()).outcome())
        .isEqualTo(Outcome.SIGNATURE_INVALID);
    byte[] truncated = java.util.Arrays.copyOf(csv, csv.length - 1);
    assertThat(ExportVerifier.detached(truncated, p7s, key.certificates()).verified()).isFalse();
    byte[] otherSignature = exports.csvSignature("something else".getBytes(StandardCharsets.UTF_8));
    assertThat(ExportVerifier.detached(csv, otherSignature, key.certificates()).outcome())
        .isEqualTo(Outcome.SIGNATURE_INVALID);
  }

  @Test
  void theSm2ExportIsSignedSm3WithSm2AndTheOtherAlgorithmsCertificateIsNotItsSigner() {
    NodeSigningKey sm2 = key("shanghai", SignatureAlgorithm.SM2);
    NodeSigningKey ecdsa = key("yangzhou", SignatureAlgorithm.ECDSA);
    byte[] csv = new TrailExports(sm2).csv(TRAIL);
    byte[] p7s = new TrailExports(sm2).csvSignature(csv);
    // checked against another node's (ECDSA) certificate: intact, but not by it
    ExportVerification other = ExportVerifier.detached(csv, p7s, ecdsa.certificates());
    assertThat(other.outcome()).isEqualTo(Outcome.SIGNER_UNKNOWN);
    assertThat(other.verified()).isFalse();
    assertThat(other.signer().algorithm()).isEqualTo("SM3withSM2");
    assertThat(other.signer().known()).isFalse();
    // with no certificate to check against, only the integrity is claimed
    assertThat(ExportVerifier.detached(csv, p7s, List.of()).outcome())
        .isEqualTo(Outcome.SIGNER_NOT_CHECKED);
  }

  @Test
  void garbageIsUnreadableNeverAnException() {
    NodeSigningKey key = key("shanghai", SignatureAlgorithm.SM2);
    byte[] csv = new TrailExports(key).csv(TRAIL);
    for (byte[] garbage :
        List.of(
            new byte[0],
            "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII),
            "txId,blockNumber\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x30, (byte) 0x84, 0x7f, 0x7f, 0x7f, 0x7f, 0x30})) {
      assertThat(ExportVerifier.pdf(garbage, key.certificates()).outcome())
          .isEqualTo(Outcome.UNREADABLE);
      assertThat(ExportVerifier.detached(csv, garbage, key.certificates()).outcome())
          .isEqualTo(Outcome.UNREADABLE);
    }
    assertThat(
            ExportVerifier.detached(
                    csv,
                    "-----BEGIN PKCS7-----\n!!\n-----END PKCS7-----\n"
                        .getBytes(StandardCharsets.US_ASCII),
                    key.certificates())
                .outcome())
        .isEqualTo(Outcome.UNREADABLE);
    assertThat(
            ExportVerifier.detached(csv, new byte[ExportVerifier.MAX_SIGNATURE + 1], List.of())
                .outcome())
        .isEqualTo(Outcome.UNREADABLE);
  }

  @Test
  void eachAlgorithmsKeyIsCreatedOnceInItsOwnFilesAndBothStayThisNodes() throws Exception {
    Path keys = dir.resolve("node").resolve("node-key");
    NodeSigningKey ecdsa = new NodeSigningKey(keys, "CN=node", SignatureAlgorithm.ECDSA);
    String ecdsaKey = Files.readString(keys.resolve("node-key.pem"));
    NodeSigningKey sm2 = new NodeSigningKey(keys, "CN=node", SignatureAlgorithm.SM2);
    assertThat(sm2.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
    assertThat(sm2.certificate().getSigAlgOID()).isEqualTo("1.2.156.10197.1.501");
    assertThat(sm2.certificates()).containsExactly(sm2.certificate(), ecdsa.certificate());
    assertThat(Files.readString(keys.resolve("node-key.pem"))).isEqualTo(ecdsaKey);

    NodeSigningKey restarted = new NodeSigningKey(keys, "CN=node", SignatureAlgorithm.SM2);
    assertThat(restarted.certificate()).isEqualTo(sm2.certificate());
    assertThat(restarted.certificatePem()).isEqualTo(sm2.certificatePem());
    // a PDF signed before the switch back to ECDSA is still this node's
    byte[] pdf = new TrailExports(sm2).signedPdf("LC-1", TRAIL, AT);
    NodeSigningKey back = new NodeSigningKey(keys, "CN=node", SignatureAlgorithm.ECDSA);
    assertThat(back.certificate()).isEqualTo(ecdsa.certificate());
    assertThat(ExportVerifier.pdf(pdf, back.certificates()).outcome()).isEqualTo(Outcome.VERIFIED);
  }

  @Test
  void theSettingIsValidatedWithAClearMessage() {
    assertThat(new AuditProperties(null).algorithm()).isEqualTo(SignatureAlgorithm.ECDSA);
    assertThat(new AuditProperties("sm2").algorithm()).isEqualTo(SignatureAlgorithm.SM2);
    assertThatThrownBy(() -> new AuditProperties("sm3"))
        .hasMessage("lc.audit.signature must be ecdsa or sm2, not 'sm3'");
  }

  record Run(int exit, String out) {}

  static Run command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = VerifyCommand.run(args, print, print);
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theCommandExitsZeroWhenVerifiedOneWhenNotTwoForWrongArguments() throws Exception {
    NodeSigningKey key = key("shanghai", SignatureAlgorithm.SM2);
    NodeSigningKey other = key("impostor", SignatureAlgorithm.SM2);
    TrailExports exports = new TrailExports(key);
    Path pdf = Files.write(dir.resolve("LC-1-trail.pdf"), exports.signedPdf("LC-1", TRAIL, AT));
    Path csv = Files.write(dir.resolve("LC-1-trail.csv"), exports.csv(TRAIL));
    Files.write(dir.resolve("LC-1-trail.csv.p7s"), exports.csvSignature(exports.csv(TRAIL)));
    Path cert = Files.writeString(dir.resolve("node.pem"), key.certificatePem());
    Path otherCert = Files.writeString(dir.resolve("other.pem"), other.certificatePem());

    Run verified = command("verify", pdf.toString(), "--certificate", cert.toString());
    assertThat(verified.exit()).as(verified.out()).isZero();
    assertThat(verified.out()).startsWith("VERIFIED: ").contains("SM3withSM2");
    assertThat(command(csv.toString(), "--certificate=" + cert).exit()).isZero();
    Run unchecked = command(pdf.toString());
    assertThat(unchecked.exit()).isZero();
    assertThat(unchecked.out()).contains("signer was not checked");

    Run impostor = command(pdf.toString(), "--certificate", otherCert.toString());
    assertThat(impostor.exit()).isEqualTo(1);
    assertThat(impostor.out()).startsWith("NOT VERIFIED: ").contains("other than the node's");

    Files.writeString(csv, "txId\nforged\n");
    Run forged = command(csv.toString(), "--certificate", cert.toString());
    assertThat(forged.exit()).isEqualTo(1);
    assertThat(forged.out()).contains("does not match the content");
    Files.delete(dir.resolve("LC-1-trail.csv.p7s"));
    assertThat(command(csv.toString()).exit()).isEqualTo(1);
    assertThat(command(dir.resolve("missing.pdf").toString()).exit()).isEqualTo(1);

    assertThat(command().exit()).isEqualTo(2);
    assertThat(command("--bogus", pdf.toString()).exit()).isEqualTo(2);
    assertThat(command(pdf.toString(), "--certificate", pdf.toString()).exit()).isEqualTo(2);
  }

  @Test
  void theCommandRunsAsAProcessOfItsOwn() throws Exception {
    NodeSigningKey key = key("shanghai", SignatureAlgorithm.ECDSA);
    byte[] signed = new TrailExports(key).signedPdf("LC-1", TRAIL, AT);
    Path pdf = Files.write(dir.resolve("trail.pdf"), signed);
    Path cert = Files.writeString(dir.resolve("node.pem"), key.certificatePem());
    assertThat(process(pdf.toString(), "--certificate", cert.toString())).isZero();
    signed[signed.length / 3] ^= 0x20;
    Files.write(pdf, signed);
    assertThat(process(pdf.toString(), "--certificate", cert.toString())).isEqualTo(1);
  }

  private static int process(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                VerifyCommand.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
