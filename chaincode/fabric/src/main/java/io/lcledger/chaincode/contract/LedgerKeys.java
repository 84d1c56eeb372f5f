package io.lcledger.chaincode.contract;

/**
 * Names of the ledger's keys. An LC lives under one composite key, so one version is one write and
 * one key-level endorsement policy covers it; lookups go through empty-valued index keys.
 */
public final class LedgerKeys {
  /** Starts a composite key and ends each of its segments, as in Fabric. */
  private static final char SEPARATOR = '\u0000';

  /** {@code lc / lcNumber} → the LC. */
  public static final String LC = "lc";

  /**
   * {@code lcv / lcNumber / version} → one version of the LC's terms, in the private data
   * collection of its banks (the public {@code lc} key holds its {@link PublicLc} with their hash).
   */
  public static final String LC_VERSION = "lcv";

  /**
   * {@code lc~party / party / status / lcNumber} → 0x00: in public state for a branch, in the LC's
   * collection for a company (USCC), whose name is part of the terms.
   */
  public static final String BY_PARTY = "lc~party";

  /** {@code lc~status / status / lcNumber} → 0x00 (auditors' view of the whole network). */
  public static final String BY_STATUS = "lc~status";

  /** {@code calendar / year} → the year's holidays and extra working days. */
  public static final String CALENDAR = "calendar";

  /** The network configuration: which MSP is which branch, who audits, who administers. */
  public static final String NETWORK_CONFIG = "network~config";

  /** The key of version {@code version} of an LC's terms, in its collection. */
  public static String lcVersion(String lcNumber, int version) {
    return composite(LC_VERSION, lcNumber, String.format("%06d", version));
  }

  /**
   * The composite key Fabric's {@code createCompositeKey} makes of {@code objectType} and {@code
   * attributes} (U+0000, then each segment followed by U+0000), built without the shim's {@code
   * CompositeKey}, which compiles a regular expression for every segment it checks (a fiftieth of a
   * sandbox step's CPU). A segment may not hold U+0000 or U+10FFFF, as there.
   */
  static String composite(String objectType, String... attributes) {
    StringBuilder key = new StringBuilder(64).append(SEPARATOR);
    key.append(segment(objectType)).append(SEPARATOR);
    for (String attribute : attributes) {
      key.append(segment(attribute)).append(SEPARATOR);
    }
    return key.toString();
  }

  private static String segment(String segment) {
    if (segment.indexOf(SEPARATOR) >= 0 || segment.indexOf(Character.MAX_CODE_POINT) >= 0) {
      throw new IllegalArgumentException(
          "a composite key's segment may not hold U+0000 or U+10FFFF");
    }
    return segment;
  }

  private LedgerKeys() {}
}
