package io.lcledger.chaincode.domain;

/**
 * The unified social credit code of a Chinese company (GB 32100-2015): 18 characters whose last is
 * a check character, with the 9-character organisation code of GB 11714 embedded at positions 9 to
 * 17, which carries a check character of its own.
 */
public final class Uscc {
  private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] USCC_WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  private static final int[] ORG_CODE_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  private Uscc() {}

  /** Throws {@link ErrorCode#INVALID_USCC} unless {@code code} is a well-formed USCC. */
  public static void validate(String code, String field) {
    String problem = problem(code);
    if (problem != null) {
      throw new LcException(ErrorCode.INVALID_USCC, field + ": " + problem);
    }
  }

  public static boolean isValid(String code) {
    return problem(code) == null;
  }

  private static String problem(String code) {
    if (code == null || code.length() != 18) {
      return "a USCC has 18 characters";
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int value = ALPHABET.indexOf(code.charAt(i));
      if (value < 0) {
        return "character '" + code.charAt(i) + "' is not allowed in a USCC";
      }
      sum += value * USCC_WEIGHTS[i];
    }
    int expected = (31 - sum % 31) % 31;
    if (ALPHABET.indexOf(code.charAt(17)) != expected) {
      return "check character should be " + ALPHABET.charAt(expected);
    }
    for (int i = 2; i < 8; i++) {
      if (!Character.isDigit(code.charAt(i))) {
        return "administrative division code must be 6 digits";
      }
    }
    return organisationCodeProblem(code.substring(8, 17));
  }

  private static String organisationCodeProblem(String orgCode) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char c = orgCode.charAt(i);
      int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      sum += value * ORG_CODE_WEIGHTS[i];
    }
    int check = 11 - sum % 11;
    char expected = check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    return orgCode.charAt(8) == expected
        ? null
        : "embedded organisation code check character should be " + expected;
  }
}
