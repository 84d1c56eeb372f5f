package io.lcledger.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.hyperledger.fabric.client.GatewayException;

/** What the network answered when it refused a call: gRPC status and every peer's detail. */
final class Refusals {
  private Refusals() {}

  interface Call {
    void run() throws Exception;
  }

  /** The refusal's whole text; fails if the call succeeded or failed in another way. */
  static String refusal(Call call) {
    try {
      call.run();
    } catch (GatewayException e) {
      StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
      e.getDetails()
          .forEach(
              d ->
                  text.append(" | ")
                      .append(d.getMspId())
                      .append(' ')
                      .append(d.getAddress())
                      .append(": ")
                      .append(d.getMessage()));
      return text.toString();
    } catch (Exception e) {
      throw new AssertionError("expected a refusal by the network, got " + e, e);
    }
    return fail("the network accepted a call it must refuse");
  }

  /** Asserts that the call is refused with the chaincode's {@code code}. */
  static void assertRefused(String code, Call call) {
    assertThat(refusal(call)).contains(code + ":");
  }
}
