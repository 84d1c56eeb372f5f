package io.lcledger.node.swift;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SWIFT settings ({@code lc.swift.*}).
 *
 * @param bics each network branch's BIC (8 or 11 characters), the address of the MT messages it
 *     sends and receives; the sandbox's branches have illustrative ones unless configured
 */
@ConfigurationProperties("lc.swift")
public record SwiftProperties(Map<String, String> bics) {
  /**
   * Illustrative BICs of the sandbox's branches (the bank code of a Shanghai bank, made-up
   * branches).
   */
  static final Map<String, String> SANDBOX_BICS =
      Map.of(
          "shanghai", "BOSHCNSHXXX",
          "yangzhou", "BOSHCNSHYZH",
          "forfaiter", "FFTRCNSHXXX");

  public SwiftProperties {
    bics = bics == null || bics.isEmpty() ? SANDBOX_BICS : Map.copyOf(bics);
  }
}
