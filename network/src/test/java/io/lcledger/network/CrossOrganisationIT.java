package io.lcledger.network;

import static io.lcledger.network.Refusals.assertRefused;
import static io.lcledger.network.Requests.object;
import static io.lcledger.network.Requests.presentation;
import static io.lcledger.network.Requests.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/** What no single organisation can do, enforced by the peers of the others. */
class CrossOrganisationIT {
  final LcNetwork net = LcNetwork.shared();
  final Bank shanghai = net.bank("shanghai");
  final Bank yangzhou = net.bank("yangzhou");
  final Bank forfaiter = net.bank("forfaiter");

  String presented() throws Exception {
    String lc = Requests.lcNumber("X");
    shanghai.submit("issue", terms(lc, "SIGHT"));
    yangzhou.submit("advise", lc);
    yangzhou.submit("present", lc, presentation("100000.00"));
    return lc;
  }

  @Test
  void theAdvisingBankCannotExamine() throws Exception {
    String lc = presented();
    assertRefused("NOT_AUTHORIZED", () -> yangzhou.submit("examine", lc, Requests.compliant(1)));
    assertThat(shanghai.lc(lc).at("/presentations/0/status").asText()).isEqualTo("PRESENTED");
  }

  @Test
  void aWriteEndorsedByTheIssuerAloneIsInvalidatedAtCommit() throws Exception {
    String lc = presented();
    JsonNode before = shanghai.lc(lc);
    // a legal step, but endorsed only by shanghai's own peer: the LC's key-level policy wants
    // the advising bank too, and the chaincode policy two banks
    Status status =
        shanghai
            .contract
            .newProposal("proposeAmendment")
            .addArguments(lc, object(Map.of("changes", Map.of("amount", "2000000.00"))))
            .setEndorsingOrganizations(shanghai.mspId)
            .build()
            .endorse()
            .submitAsync()
            .getStatus();
    assertThat(status.isSuccessful()).isFalse();
    assertThat(status.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
    assertThat(shanghai.lc(lc)).isEqualTo(before);
    assertThat(yangzhou.lc(lc)).isEqualTo(before);
  }

  @Test
  void anOrganisationThatIsNotAPartyCannotReadTheLc() throws Exception {
    String lc = presented();
    assertRefused("LC_NOT_FOUND", () -> forfaiter.lc(lc));
    assertRefused("LC_NOT_FOUND", () -> forfaiter.evaluate("getLcHistory", lc));
    assertRefused(
        "NOT_AUTHORIZED", () -> forfaiter.evaluate("listLcsByParty", "shanghai", "", "10", ""));
    // the refusal is the same as for an LC that does not exist
    assertRefused("LC_NOT_FOUND", () -> forfaiter.lc(lc + "-NONE"));
    // parties and the auditor read it
    assertThat(yangzhou.lc(lc).at("/terms/lcNumber").asText()).isEqualTo(lc);
    assertThat(net.auditor().lc(lc)).isEqualTo(shanghai.lc(lc));
  }
}
