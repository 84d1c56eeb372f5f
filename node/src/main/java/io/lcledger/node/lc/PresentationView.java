package io.lcledger.node.lc;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.lcledger.chaincode.domain.Presentation;

/**
 * One presentation as the API shows it: the domain's presentation (unwrapped), with the transaction
 * of the LC's last step.
 */
public record PresentationView(@JsonUnwrapped Presentation presentation, String txId) {

  /** Its number among the LC's presentations, from 1. */
  public int presentationNo() {
    return presentation.presentationNo();
  }
}
