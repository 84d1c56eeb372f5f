package io.lcledger.chaincode.contract;

import io.lcledger.chaincode.domain.LcException;
import java.util.function.Supplier;
import org.hyperledger.fabric.shim.ChaincodeException;

/** Turns a refused step into the chaincode error a client sees: message {@code CODE: detail}. */
final class Transactions {
  private Transactions() {}

  static <T> T run(Supplier<T> body) {
    try {
      return body.get();
    } catch (LcException e) {
      throw new ChaincodeException(e.getMessage(), e.code().name());
    }
  }
}
