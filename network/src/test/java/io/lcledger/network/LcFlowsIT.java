package io.lcledger.network;

import static io.lcledger.network.Requests.compliant;
import static io.lcledger.network.Requests.discrepant;
import static io.lcledger.network.Requests.object;
import static io.lcledger.network.Requests.payment;
import static io.lcledger.network.Requests.presentation;
import static io.lcledger.network.Requests.presentationNo;
import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api.md lifecycles on the real network, each step by the bank that takes it. */
class LcFlowsIT {
  final LcNetwork net = LcNetwork.shared();
  final Bank shanghai = net.bank("shanghai");
  final Bank yangzhou = net.bank("yangzhou");
  final Bank forfaiter = net.bank("forfaiter");

  String issuedAndAdvised(String prefix, String paymentType) throws Exception {
    String lc = Requests.lcNumber(prefix);
    assertThat(shanghai.submit("issue", terms(lc, paymentType)).path("status").asText())
        .isEqualTo("ISSUED");
    assertThat(yangzhou.submit("advise", lc).path("status").asText()).isEqualTo("ADVISED");
    return lc;
  }

  @Test
  void deferredLcIsForfaitedAndPaidToTheForfaiter() throws Exception {
    String lc = issuedAndAdvised("DEF", "DEFERRED");
    yangzhou.submit("present", lc, presentation("500000.00"));
    shanghai.submit("examine", lc, compliant(1));
    JsonNode accepted = shanghai.submit("acceptDeferred", lc, presentationNo(1));
    assertThat(accepted.at("/presentations/0/status").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.at("/presentations/0/maturityDate").asText())
        .isEqualTo(Requests.maturity(90).toString());

    JsonNode forfaited =
        forfaiter.submit(
            "forfait",
            lc,
            object(
                Map.of(
                    "presentationNo", 1,
                    "purchasePrice", "489000.00",
                    "discountRatePercent", "8.8")));
    assertThat(forfaited.at("/presentations/0/forfaiting/status").asText()).isEqualTo("FORFAITED");
    assertThat(forfaited.at("/presentations/0/payee/kind").asText()).isEqualTo("FORFAITER");

    JsonNode paid = shanghai.submit("pay", lc, payment(1, "500000.00"));
    assertThat(paid.at("/presentations/0/status").asText()).isEqualTo("PAID");
    assertThat(paid.at("/presentations/0/payment/payee/kind").asText()).isEqualTo("FORFAITER");
    assertThat(paid.at("/presentations/0/payment/payee/id").asText()).isEqualTo("forfaiter");
    // every party reads the same final state, each through its own peer
    for (Bank bank : new Bank[] {shanghai, yangzhou, forfaiter}) {
      assertThat(bank.lc(lc)).as(bank.name).isEqualTo(paid);
    }
    assertThat(shanghai.evaluate("getLcHistory", lc)).hasSize(7);
  }

  @Test
  void sightLcWithDiscrepanciesWaivedThenBuyerFinancedPaidAndRepaid() throws Exception {
    String lc = issuedAndAdvised("SIGHT", "SIGHT");
    yangzhou.submit("present", lc, presentation("300000.00"));
    JsonNode noted = shanghai.submit("examine", lc, discrepant(1, "invoice weight differs"));
    assertThat(noted.at("/presentations/0/status").asText()).isEqualTo("DISCREPANT");
    JsonNode waived =
        shanghai.submit("waive", lc, object(Map.of("presentationNo", 1, "applicantWaived", true)));
    assertThat(waived.at("/presentations/0/status").asText()).isEqualTo("WAIVED");

    JsonNode financed =
        shanghai.submit(
            "grantBuyerFinancing",
            lc,
            object(
                Map.of(
                    "presentationNo",
                    1,
                    "amount",
                    "300000.00",
                    "annualRatePercent",
                    "4.35",
                    "dueDate",
                    Requests.today().plusDays(90).toString())));
    assertThat(financed.at("/presentations/0/buyerFinancing/status").asText()).isEqualTo("GRANTED");
    shanghai.submit("pay", lc, payment(1, "300000.00"));
    JsonNode repaid =
        shanghai.submit(
            "repayBuyerFinancing", lc, object(Map.of("presentationNo", 1, "amount", "300000.00")));
    assertThat(repaid.at("/presentations/0/status").asText()).isEqualTo("PAID");
    assertThat(repaid.at("/presentations/0/buyerFinancing/status").asText()).isEqualTo("REPAID");
    assertThat(yangzhou.lc(lc)).isEqualTo(repaid);
  }

  @Test
  void discrepantDocumentsAreRefusedAndTheDrawingIsReleased() throws Exception {
    String lc = issuedAndAdvised("REF", "SIGHT");
    JsonNode presented = yangzhou.submit("present", lc, presentation("400000.00"));
    assertThat(presented.path("availableAmount").asText()).isEqualTo("650000.00");
    JsonNode refused =
        shanghai.submit("refuse", lc, Requests.refusal(1, "goods description differs"));
    assertThat(refused.at("/presentations/0/status").asText()).isEqualTo("REFUSED");
    assertThat(refused.at("/presentations/0/documentDisposition").asText()).isEqualTo("RETURNING");
    assertThat(refused.path("availableAmount").asText()).isEqualTo("1050000.00");
    assertThat(yangzhou.lc(lc)).isEqualTo(refused);
  }

  @Test
  void anAmendmentAcceptedChangesTheTermsAndOneRejectedDoesNot() throws Exception {
    String lc = issuedAndAdvised("AMD", "SIGHT");
    shanghai.submit(
        "proposeAmendment", lc, object(Map.of("changes", Map.of("amount", "1200000.00"))));
    JsonNode accepted =
        yangzhou.submit("answerAmendment", lc, object(Map.of("amendmentNo", 1, "accepted", true)));
    assertThat(accepted.at("/amendments/0/status").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.at("/terms/amount").asText()).isEqualTo("1200000.00");

    String laterExpiry = Requests.today().plusDays(150).toString();
    shanghai.submit(
        "proposeAmendment", lc, object(Map.of("changes", Map.of("expiryDate", laterExpiry))));
    JsonNode rejected =
        yangzhou.submit("answerAmendment", lc, object(Map.of("amendmentNo", 2, "accepted", false)));
    assertThat(rejected.at("/amendments/1/status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.at("/terms/expiryDate").asText())
        .isEqualTo(accepted.at("/terms/expiryDate").asText());
    assertThat(shanghai.lc(lc)).isEqualTo(rejected);
  }
}
