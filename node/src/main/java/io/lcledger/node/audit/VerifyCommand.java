package io.lcledger.node.audit;

import io.lcledger.node.keys.KeyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a signed export offline, as a bank's auditor runs it from the node's jar, without a node:
 *
 * <pre>
 * java -Dloader.main=io.lcledger.node.audit.VerifyCommand -cp lc-node.jar \
 *   org.springframework.boot.loader.launch.PropertiesLauncher LC-1-trail.pdf --certificate node.pem
 * </pre>
 *
 * A PDF is checked alone; a CSV with its signature, named after it or given second ({@code
 * LC-1-trail.csv LC-1-trail.csv.p7s}). Prints whether it is verified and why; exits 0 when it is, 1
 * when it is not, 2 when the arguments are wrong.
 */
public final class VerifyCommand {
  /** No export comes near this; a bigger file is not one. */
  static final long MAX_FILE = 256L * 1024 * 1024;

  static final String USAGE =
      "usage: verify <export.pdf | export.csv [export.csv.p7s]> [--certificate node-certificate.pem]";

  private VerifyCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command's work, its exit code answered rather than exited with (for the tests). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> files = new ArrayList<>();
    Path certificate = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--certificate") && i + 1 < args.length) {
        certificate = Path.of(args[++i]);
      } else if (arg.startsWith("--certificate=")) {
        certificate = Path.of(arg.substring("--certificate=".length()));
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (arg.startsWith("-")) {
        err.println("unknown option " + arg + "\n" + USAGE);
        return 2;
      } else if (!(files.isEmpty() && arg.equals("verify"))) { // "verify" as a verb is optional
        files.add(arg);
      }
    }
    if (files.isEmpty() || files.size() > 2) {
      err.println(USAGE);
      return 2;
    }
    Path file = Path.of(files.get(0));
    List<X509Certificate> trusted = new ArrayList<>();
    if (certificate != null) {
      try (InputStream in = Files.newInputStream(certificate)) {
        trusted.add(KeyFiles.readCertificate(in));
      } catch (IOException e) {
        err.println("cannot read the certificate " + certificate + ": " + e);
        return 2;
      }
    }
    try {
      byte[] content = read(file);
      ExportVerification result;
      if (files.size() == 2 || !ExportVerifier.isPdf(content)) {
        Path signature =
            files.size() == 2
                ? Path.of(files.get(1))
                : file.resolveSibling(file.getFileName() + ".p7s");
        if (!Files.isRegularFile(signature)) {
          result = ExportVerification.of(ExportVerification.Outcome.NOT_SIGNED);
        } else if (Files.size(signature) > ExportVerifier.MAX_SIGNATURE) {
          result = ExportVerification.of(ExportVerification.Outcome.UNREADABLE);
        } else {
          result = ExportVerifier.detached(content, Files.readAllBytes(signature), trusted);
        }
      } else {
        result = ExportVerifier.pdf(content, trusted);
      }
      print(file, result, out);
      return result.verified() ? 0 : 1;
    } catch (IOException e) {
      out.println("NOT VERIFIED: " + file + ": cannot read it (" + e + ")");
      return 1;
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE) {
      throw new IOException(file + ": larger than any export");
    }
    return Files.readAllBytes(file);
  }

  private static void print(Path file, ExportVerification result, PrintStream out) {
    out.println(
        (result.verified() ? "VERIFIED: " : "NOT VERIFIED: ")
            + file
            + ": "
            + result.outcome().reason());
    if (result.signer() != null) {
      out.println("  signed by   " + result.signer().subject());
      out.println("  algorithm   " + result.signer().algorithm());
      out.println("  certificate SHA-256 " + result.signer().fingerprint());
      if (result.signer().signedAt() != null) {
        out.println("  signed at   " + result.signer().signedAt());
      }
    }
  }
}
