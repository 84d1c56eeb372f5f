package io.lcledger.node.audit;

import io.lcledger.node.audit.ExportVerification.Outcome;
import io.lcledger.node.audit.ExportVerification.Signer;
import io.lcledger.node.keys.KeyFiles;
import io.lcledger.node.keys.SignatureAlgorithm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

/**
 * Checks a signed export, for the verification page and the offline command alike: a PDF with its
 * embedded detached CMS signature, or any content (the CSV) with a detached CMS signature (.p7s).
 * Either algorithm, SM3withSM2 or SHA256withECDSA, each only with a key of its own curve. Never
 * throws on bad input: whatever cannot be read is {@link Outcome#UNREADABLE}.
 */
final class ExportVerifier {
  /**
   * The largest CMS signature read, detached or in a PDF: the node's, with one certificate, is
   * about 1 KB (PDFBox reserves 9 KB for it in a PDF).
   */
  static final int MAX_SIGNATURE = 64 * 1024;

  /** The most certificates naming the signer tried, of those a signature carries. */
  private static final int MAX_CARRIED = 4;

  private ExportVerifier() {}

  static boolean isPdf(byte[] file) {
    return file.length >= 5 && new String(file, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
  }

  /**
   * A PDF's last signature, which must cover the whole file.
   *
   * @param trusted the certificates the signer must be one of; none: the signer is not checked
   */
  static ExportVerification pdf(byte[] pdf, Collection<X509Certificate> trusted) {
    if (!isPdf(pdf)) {
      return ExportVerification.of(Outcome.UNREADABLE);
    }
    try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBuffer(pdf))) {
      PDSignature signature = doc.getLastSignatureDictionary();
      if (signature == null) {
        return ExportVerification.of(Outcome.NOT_SIGNED);
      }
      int[] range = signature.getByteRange();
      byte[] contents = signature.getContents(pdf);
      if (contents.length > MAX_SIGNATURE) {
        return ExportVerification.of(Outcome.UNREADABLE);
      }
      ExportVerification checked = cms(signature.getSignedContent(pdf), contents, trusted);
      boolean wholeFile =
          range.length == 4
              && range[0] == 0
              && range[1] >= 0
              && range[2] >= range[1]
              && (long) range[2] + range[3] == pdf.length;
      return checked.verified() && !wholeFile
          ? new ExportVerification(Outcome.NOT_WHOLE_FILE, checked.signer())
          : checked;
    } catch (Exception e) { // PDFBox and Bouncy Castle refuse malformed input in many ways
      return ExportVerification.of(Outcome.UNREADABLE);
    }
  }

  /** {@code content} against its detached CMS signature (a .p7s file, DER or PEM). */
  static ExportVerification detached(
      byte[] content, byte[] signature, Collection<X509Certificate> trusted) {
    if (signature.length == 0 || signature.length > MAX_SIGNATURE) {
      return ExportVerification.of(Outcome.UNREADABLE);
    }
    try {
      return cms(content, der(signature), trusted);
    } catch (Exception e) {
      return ExportVerification.of(Outcome.UNREADABLE);
    }
  }

  private static ExportVerification cms(
      byte[] content, byte[] signature, Collection<X509Certificate> trusted) throws Exception {
    CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(content), signature);
    Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
    if (signers.size() != 1) {
      return ExportVerification.of(Outcome.UNREADABLE);
    }
    SignerInformation signer = signers.iterator().next();
    Optional<SignatureAlgorithm> algorithm = algorithm(signer);
    if (algorithm.isEmpty()) {
      return ExportVerification.of(Outcome.UNSUPPORTED_ALGORITHM);
    }
    // the trusted certificates first, then those the signature carries: more than one may bear
    // the signer's issuer and serial number, and only the one whose key verifies is the signer
    List<X509Certificate> known = matching(signer.getSID(), trusted);
    List<X509Certificate> carried = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> embedded = cms.getCertificates().getMatches(signer.getSID());
    for (X509CertificateHolder holder : embedded) {
      if (carried.size() == MAX_CARRIED) {
        break; // each is one more signature check
      }
      carried.add(KeyFiles.readCertificate(new ByteArrayInputStream(holder.getEncoded())));
    }
    for (X509Certificate certificate : known) {
      if (valid(signer, algorithm.get(), certificate)) {
        return new ExportVerification(
            Outcome.VERIFIED, signer(signer, algorithm.get(), certificate, true));
      }
    }
    for (X509Certificate certificate : carried) {
      if (valid(signer, algorithm.get(), certificate)) {
        return new ExportVerification(
            trusted.isEmpty() ? Outcome.SIGNER_NOT_CHECKED : Outcome.SIGNER_UNKNOWN,
            signer(signer, algorithm.get(), certificate, false));
      }
    }
    if (known.isEmpty() && carried.isEmpty()) {
      return ExportVerification.of(Outcome.UNREADABLE); // no certificate names the signer
    }
    X509Certificate named = known.isEmpty() ? carried.get(0) : known.get(0);
    return new ExportVerification(
        Outcome.SIGNATURE_INVALID, signer(signer, algorithm.get(), named, !known.isEmpty()));
  }

  private static Signer signer(
      SignerInformation signer,
      SignatureAlgorithm algorithm,
      X509Certificate certificate,
      boolean known) {
    return new Signer(
        certificate.getSubjectX500Principal().getName(),
        algorithm.jcaName(),
        fingerprint(certificate),
        signingTime(signer),
        known);
  }

  private static boolean valid(
      SignerInformation signer, SignatureAlgorithm algorithm, X509Certificate certificate) {
    // an SM2 signature is never checked with an ECDSA key, nor the reverse
    if (SignatureAlgorithm.of(certificate.getPublicKey()).orElse(null) != algorithm) {
      return false;
    }
    try {
      return signer.verify(
          new JcaSimpleSignerInfoVerifierBuilder()
              .setProvider(SignatureAlgorithm.BOUNCY_CASTLE)
              .build(certificate));
    } catch (Exception e) { // a signature that does not match, or is not one at all
      return false;
    }
  }

  private static List<X509Certificate> matching(
      SignerId id, Collection<X509Certificate> certificates) {
    List<X509Certificate> matching = new ArrayList<>();
    for (X509Certificate certificate : certificates) {
      try {
        if (id.match(new X509CertificateHolder(certificate.getEncoded()))) {
          matching.add(certificate);
        }
      } catch (Exception e) {
        // not a certificate that can name a signer
      }
    }
    return matching;
  }

  /** The algorithm as SignerInfo names it: the digest, and the signature or key algorithm. */
  private static Optional<SignatureAlgorithm> algorithm(SignerInformation signer) {
    ASN1ObjectIdentifier digest = new ASN1ObjectIdentifier(signer.getDigestAlgOID());
    ASN1ObjectIdentifier signature = new ASN1ObjectIdentifier(signer.getEncryptionAlgOID());
    if (GMObjectIdentifiers.sm3.equals(digest)
        && List.of(
                GMObjectIdentifiers.sm2sign_with_sm3,
                GMObjectIdentifiers.sm2sign,
                GMObjectIdentifiers.sm2p256v1)
            .contains(signature)) {
      return Optional.of(SignatureAlgorithm.SM2);
    }
    if (NISTObjectIdentifiers.id_sha256.equals(digest)
        && List.of(X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.id_ecPublicKey)
            .contains(signature)) {
      return Optional.of(SignatureAlgorithm.ECDSA);
    }
    return Optional.empty();
  }

  private static Instant signingTime(SignerInformation signer) {
    try {
      Attribute time = signer.getSignedAttributes().get(CMSAttributes.signingTime);
      return time == null
          ? null
          : Time.getInstance(time.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (Exception e) {
      return null;
    }
  }

  /** SHA-256 of the certificate, as {@code openssl x509 -fingerprint -sha256} shows it. */
  static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (Exception e) {
      return "";
    }
  }

  /** A .p7s as DER, or as PEM ({@code -----BEGIN PKCS7-----} or {@code CMS}) decoded. */
  private static byte[] der(byte[] signature) {
    String text = new String(signature, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("-----BEGIN ")) {
      return signature;
    }
    String body = text.replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
    return java.util.Base64.getDecoder().decode(body);
  }
}
