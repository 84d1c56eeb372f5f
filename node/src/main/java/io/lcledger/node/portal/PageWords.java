package io.lcledger.node.portal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Words for what the ledgers and the trail say in data: a field's label, a timestamp in the
 * viewer's zone, a verification check and a trail change, in the page's language. The REST answers
 * keep their English text; only the pages read it out. Text no pattern knows is shown as it is.
 */
@Component("words")
public class PageWords {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** The ledgers' check names and details (Fabric, EVM, sandbox, documents), each with its key. */
  private static final List<Phrase> PHRASES =
      List.of(
          new Phrase("block hash chain", "check.chain"),
          new Phrase("ledger audit", "check.ledgerAudit"),
          new Phrase("transaction (\\S+) in its block", "check.tx"),
          new Phrase("document (\\S+) digests", "check.document"),
          new Phrase(
              "(\\d+) blocks of this LC intact, signed and linked to their neighbours \\((\\d+)"
                  + " blocks in the chain\\)",
              "check.chainIntact"),
          new Phrase("not found in the chain", "check.notInChain"),
          new Phrase("in block (\\d+)", "check.inBlock"),
          new Phrase("block (\\d+) differs from what was committed", "check.blockDiffers"),
          new Phrase("block (\\d+), which block (\\d+) links to, was altered", "check.linkAltered"),
          new Phrase("block (\\d+) no longer links to block (\\d+)", "check.noLongerLinks"),
          new Phrase("block (\\d+) where (\\d+) was expected", "check.unexpectedNumber"),
          new Phrase("block (\\d+) does not link to the block before it", "check.noLink"),
          new Phrase("block (\\d+) does not match its hash", "check.badHash"),
          new Phrase(
              "transaction (\\S+) in block (\\d+) has a bad signature", "check.badSignature"),
          new Phrase("no block holds it on this peer", "check.noBlock"),
          new Phrase("block (\\d+) does not hold it", "check.notHeld"),
          new Phrase("block (\\d+) marks it (\\S+)", "check.marked"),
          new Phrase("block (\\d+) does not match its data hash", "check.badDataHash"),
          new Phrase("VALID in block (\\d+) \\(header hash (\\S+)\\)", "check.valid"),
          new Phrase("the chain node has no receipt of it", "check.noReceipt"),
          new Phrase("block (\\d+) holds it reverted", "check.reverted"),
          new Phrase("block (\\d+) is no longer the one its receipt names", "check.reorganised"),
          new Phrase("succeeded in block (\\d+) \\(hash (\\S+)\\)", "check.succeeded"),
          new Phrase("block (\\d+) does not list it", "check.notListed"),
          new Phrase("the (\\S+) ledger cannot verify its transactions", "check.cannotVerify"),
          new Phrase("SHA-256 and SM3 match the ledger", "check.digestsMatch"),
          new Phrase("not a document id this software gives", "check.badDocumentId"),
          new Phrase("the file is not held by this node", "check.fileNotHeld"),
          new Phrase("no node of the network holds the file", "check.fileNowhere"),
          new Phrase("(\\S+)'s node holds it under another LC", "check.otherLc"),
          new Phrase("created", "change.created"));

  private static final Pattern INDEXED = Pattern.compile("([A-Za-z]+)\\[(\\d+)]");

  private final MessageSource messages;

  public PageWords(MessageSource messages) {
    this.messages = messages;
  }

  private record Phrase(Pattern pattern, String key) {
    Phrase(String regex, String key) {
      this(Pattern.compile(regex), key);
    }
  }

  /** A ledger timestamp in the viewer's zone, to the second: never an ISO instant in UTC. */
  public String time(Instant instant, ZoneId zone) {
    return instant == null ? "" : TIME.format(instant.atZone(zone));
  }

  /**
   * A transaction id short enough for a table cell: its head and tail, the whole id kept for
   * copying (a Fabric id is 64 hex digits, an EVM hash 66 characters).
   */
  public String shortId(String txId) {
    if (txId == null || txId.length() <= 16) {
      return txId;
    }
    return txId.substring(0, 8) + "…" + txId.substring(txId.length() - 6);
  }

  /** A verification check's name or detail in the page's language. */
  public String check(String text, Locale locale) {
    if (text == null) {
      return "";
    }
    for (Phrase p : PHRASES) {
      Matcher m = p.pattern().matcher(text);
      if (m.matches()) {
        Object[] args = new Object[m.groupCount()];
        for (int i = 0; i < args.length; i++) {
          args[i] = m.group(i + 1);
        }
        return messages.getMessage(p.key(), args, text, locale);
      }
    }
    return text;
  }

  /** A terms field's label: {@code expiryDate} reads "Expiry date" or "有效期". */
  public String field(String name, Locale locale) {
    return messages.getMessage("field." + name, null, name, locale);
  }

  /**
   * A trail change, {@code presentations[0].status: PRESENTED → COMPLIANT}, as labelled words:
   * "Presentation 1 · Status: Presented → Compliant".
   */
  public String change(String line, Locale locale) {
    int colon = line.indexOf(": ");
    int arrow = line.lastIndexOf(" → ");
    if (colon < 0 || arrow < colon) {
      return check(line, locale);
    }
    String path = line.substring(0, colon);
    StringBuilder label = new StringBuilder();
    String[] segments = path.split("\\.");
    String parent = "";
    String leaf = "";
    for (int i = 0; i < segments.length; i++) {
      if (!label.isEmpty()) {
        label.append(" · ");
      }
      Matcher m = INDEXED.matcher(segments[i]);
      String base = m.matches() ? m.group(1) : segments[i];
      if (m.matches()) {
        int n = Integer.parseInt(m.group(2)) + 1;
        label.append(messages.getMessage("path." + base, new Object[] {n}, segments[i], locale));
      } else {
        label.append(field(base, locale));
      }
      if (i == segments.length - 1) {
        leaf = base;
      } else {
        parent = base;
      }
    }
    String before = value(parent, leaf, line.substring(colon + 2, arrow), locale);
    String after = value(parent, leaf, line.substring(arrow + 3), locale);
    return label + ": " + before + " → " + after;
  }

  /** A coded value (a status, a kind) in words; anything else as it is. */
  private String value(String parent, String leaf, String value, Locale locale) {
    String prefix =
        switch (parent + "." + leaf) {
          case ".status" -> "status.";
          case "presentations.status" -> "pstatus.";
          case "amendments.status" -> "amend.";
          case "buyerFinancing.status" -> "fin.";
          case "forfaiting.status" -> "forf.";
          case "paymentTerms.type" -> "payment.";
          case "documents.type", "requiredDocuments.type" -> "doc.";
          case "payee.kind" -> "payee.";
          default -> null;
        };
    if ("—".equals(value)) {
      return value;
    }
    if (value.equals("true") || value.equals("false")) {
      return messages.getMessage("value." + value, null, value, locale);
    }
    return prefix == null ? value : messages.getMessage(prefix + value, null, value, locale);
  }
}
