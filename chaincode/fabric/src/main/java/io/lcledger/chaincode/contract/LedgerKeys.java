package io.lcledger.chaincode.contract;

import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * Names of the ledger's keys. An LC lives under one composite key, so one version is one write and
 * one key-level endorsement policy covers it; lookups go through empty-valued index keys.
 */
public final class LedgerKeys {
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
    return new CompositeKey(LC_VERSION, lcNumber, String.format("%06d", version)).toString();
  }

  private LedgerKeys() {}
}
