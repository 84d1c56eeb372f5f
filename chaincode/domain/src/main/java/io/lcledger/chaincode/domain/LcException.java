package io.lcledger.chaincode.domain;

import java.util.Objects;
import java.util.function.Supplier;

/** A step the ledger refuses: the code says why, the detail says it for a person. */
public final class LcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public LcException(ErrorCode code, String detail) {
    super(code.name() + ": " + Objects.requireNonNull(detail, "detail"));
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The human-readable part, without the code prefix. */
  public String detail() {
    return getMessage().substring(code.name().length() + 2);
  }

  public static void require(boolean condition, ErrorCode code, String detail) {
    if (!condition) {
      throw new LcException(code, detail);
    }
  }

  /**
   * As {@link #require(boolean, ErrorCode, String)}, the detail made only when refused: for checks
   * that run for every field, or every character, of every step.
   */
  public static void require(boolean condition, ErrorCode code, Supplier<String> detail) {
    if (!condition) {
      throw new LcException(code, detail.get());
    }
  }
}
