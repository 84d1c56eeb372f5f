package io.lcledger.chaincode.contract;

/**
 * Names of the ledger's keys. An LC lives under one composite key, so one version is one write and
 * one key-level endorsement policy covers it; lookups go through empty-valued index keys.
 */
public final class LedgerKeys {
  /** {@code lc / lcNumber} → the LC. */
  public static final String LC = "lc";

  /** {@code lc~party / party / status / lcNumber} → 0x00; a party is a branch or a USCC. */
  public static final String BY_PARTY = "lc~party";

  /** {@code lc~status / status / lcNumber} → 0x00 (auditors' view of the whole network). */
  public static final String BY_STATUS = "lc~status";

  /** {@code calendar / year} → the year's holidays and extra working days. */
  public static final String CALENDAR = "calendar";

  /** The network configuration: which MSP is which branch, who audits, who administers. */
  public static final String NETWORK_CONFIG = "network~config";

  private LedgerKeys() {}
}
