package io.lcledger.chaincode.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every bound on what a request may carry, in one place: the ledger must never store what a node
 * cannot read back, and no single request may make the ledger slow. The chaincode enforces these;
 * the node, which builds its requests from the same domain types, enforces them too. Lengths are
 * counted in Unicode code points.
 */
public final class Limits {
  /**
   * {@code lcNumber}: a letter or digit, then letters, digits, '.', '_' or '-' (one URL segment).
   */
  public static final String LC_NUMBER_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,34}";

  public static final int LC_NUMBER_MAX = 35;

  /** Money: at most 13 integer digits and 2 decimals (below 10 trillion CNY). */
  public static final int AMOUNT_INTEGER_DIGITS = 13;

  public static final int AMOUNT_SCALE = 2;
  public static final BigDecimal AMOUNT_MAX = new BigDecimal("9999999999999.99");

  /** Any other decimal (rates, percents): plain notation, bounded before it is parsed. */
  public static final int DECIMAL_INTEGER_DIGITS = 15;

  public static final int DECIMAL_SCALE = 15;

  /** Branch identifiers (advising, nominated). */
  public static final int BRANCH_MAX = 64;

  /** Applicant and beneficiary names (MT700: 4 lines of 35). */
  public static final int NAME_MAX = 140;

  /** Place of expiry (MT700 31D: 29 characters; more room for Chinese addresses). */
  public static final int EXPIRY_PLACE_MAX = 140;

  /** Description of goods (MT700 45A: 100 lines of 65). */
  public static final int GOODS_DESCRIPTION_MAX = 6500;

  /** Additional conditions (MT700 47A: 100 lines of 65). */
  public static final int ADDITIONAL_CONDITIONS_MAX = 6500;

  /** Required documents: at most one entry per document type, each with 1 to 99 copies. */
  public static final int REQUIRED_DOCUMENTS_MAX = DocumentType.values().length;

  public static final int COPIES_MAX = 99;

  /** Documents in one presentation. */
  public static final int DOCUMENTS_MAX = 50;

  public static final int DOCUMENT_ID_MAX = 64;
  public static final int FILE_NAME_MAX = 255;

  /** Media type as {@code type/subtype} (RFC 6838 allows 127 characters for each). */
  public static final int MEDIA_TYPE_MAX = 255;

  /** Discrepancies in one examination or refusal, and the length of each. */
  public static final int DISCREPANCIES_MAX = 50;

  public static final int DISCREPANCY_MAX = 500;

  /** Fields one amendment may change (every amendable field once). */
  public static final int AMENDMENT_CHANGES_MAX = 10;

  /** Reason for a cancellation request. */
  public static final int REASON_MAX = 1000;

  /** Payment reference (e.g. a CNAPS transfer number). */
  public static final int PAYMENT_REFERENCE_MAX = 64;

  private static final Pattern LC_NUMBER = Pattern.compile(LC_NUMBER_PATTERN);
  private static final Pattern DECIMAL =
      Pattern.compile("-?\\d{1," + DECIMAL_INTEGER_DIGITS + "}(\\.\\d{1," + DECIMAL_SCALE + "})?");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");

  private Limits() {}

  /** Throws {@link ErrorCode#INVALID_LC_NUMBER} unless {@code lcNumber} is well formed. */
  public static void lcNumber(String lcNumber) {
    LcException.require(
        lcNumber != null && LC_NUMBER.matcher(lcNumber).matches(),
        ErrorCode.INVALID_LC_NUMBER,
        "lcNumber must be 1-35 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }

  /**
   * Parses a plain decimal such as {@code "4.35"}, refusing anything longer or in exponent form
   * before {@link BigDecimal} sees it: {@code "1e1000000"} would otherwise expand to a million
   * digits.
   */
  public static BigDecimal decimal(String text, String field) {
    LcException.require(
        text != null
            && text.length() <= DECIMAL_INTEGER_DIGITS + DECIMAL_SCALE + 2
            && DECIMAL.matcher(text).matches(),
        ErrorCode.INVALID_REQUEST,
        () ->
            field
                + " must be a plain decimal with at most "
                + DECIMAL_INTEGER_DIGITS
                + " digits before and "
                + DECIMAL_SCALE
                + " after the point");
    return new BigDecimal(text);
  }

  /** A one-line text of at most {@code max} code points, when present. */
  public static void line(String value, String field, int max) {
    text(value, field, max, false);
  }

  /** A text that may span lines (tabs and line breaks allowed), when present. */
  public static void lines(String value, String field, int max) {
    text(value, field, max, true);
  }

  /** At most {@code max} items, when present. */
  public static void count(List<?> items, String field, int max) {
    LcException.require(
        items == null || items.size() <= max,
        ErrorCode.LIMIT_EXCEEDED,
        () -> field + " has at most " + max + " items");
  }

  /** A list of discrepancies: a bounded number of one-line texts, when present. */
  public static void discrepancies(List<String> items) {
    count(items, "discrepancies", DISCREPANCIES_MAX);
    if (items != null) {
      for (String item : items) {
        line(item, "discrepancy", DISCREPANCY_MAX);
      }
    }
  }

  /** A media type such as {@code application/pdf}, when present. */
  public static void mediaType(String value, String field) {
    line(value, field, MEDIA_TYPE_MAX);
    LcException.require(
        value == null || MEDIA_TYPE.matcher(value).matches(),
        ErrorCode.INVALID_TEXT,
        () -> field + " is not a media type");
  }

  private static void text(String value, String field, int max, boolean multiLine) {
    if (value == null) {
      return;
    }
    // cheap bound first: a code point is at most two chars
    LcException.require(
        value.length() <= 2 * max && value.codePointCount(0, value.length()) <= max,
        ErrorCode.LIMIT_EXCEEDED,
        () -> field + " is longer than " + max + " characters");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        continue;
      }
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      boolean bad =
          Character.isSurrogate(c) // unpaired: cannot be written as UTF-8
              || (Character.isISOControl(c) && !(multiLine && lineBreak))
              || isBidiControl(c); // text that displays other than it reads
      if (bad) {
        throw new LcException(
            ErrorCode.INVALID_TEXT,
            field
                + " contains a character that is not allowed (U+"
                + "%04X".formatted((int) c)
                + ")");
      }
    }
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }
}
