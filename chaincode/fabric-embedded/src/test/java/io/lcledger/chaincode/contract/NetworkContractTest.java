package io.lcledger.chaincode.contract;

import static io.lcledger.chaincode.contract.IssueTransactionTest.assertRefused;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI;
import static io.lcledger.chaincode.testing.ContractHarness.SHANGHAI_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcledger.chaincode.domain.Fixtures;
import io.lcledger.chaincode.ledger.CanonicalJson;
import io.lcledger.chaincode.testing.ContractHarness;
import io.lcledger.chaincode.testing.TestIdentity;
import org.junit.jupiter.api.Test;

/** The network-admin transactions: branch mapping, auditors and the business calendar. */
class NetworkContractTest {
  @Test
  void onlyAnAdminIdentityConfiguresTheNetwork() {
    ContractHarness blank = new ContractHarness();
    assertRefused(
        blank.submit(SHANGHAI, "network:configure", ContractHarness.NETWORK_CONFIG),
        "NOT_AUTHORIZED");
    String stored =
        blank
            .submit(SHANGHAI_ADMIN, "network:configure", ContractHarness.NETWORK_CONFIG)
            .orThrow()
            .payload();
    assertThat(stored)
        .isEqualTo(
            "{\"adminMspIds\":[\"ForfaiterMSP\",\"ShanghaiMSP\",\"YangzhouMSP\"],\"auditorIds\":[],\"auditorMspIds\":[\"AuditorMSP\"],"
                + "\"branches\":{\"forfaiter\":\"ForfaiterMSP\",\"shanghai\":\"ShanghaiMSP\",\"yangzhou\":\"YangzhouMSP\"}}");
    assertThat(blank.evaluate(SHANGHAI, "network:getConfig").orThrow().payload()).isEqualTo(stored);
  }

  @Test
  void onceConfiguredOnlyAdminsOfAdminMspsChangeIt() {
    ContractHarness harness = ContractHarness.configured();
    assertRefused(
        harness.submit(
            TestIdentity.admin("OutsiderMSP"), "network:configure", ContractHarness.NETWORK_CONFIG),
        "NOT_AUTHORIZED");
    assertRefused(
        harness.submit(
            TestIdentity.admin("AuditorMSP"),
            "network:setCalendar",
            CanonicalJson.string(Fixtures.calendar2026())),
        "NOT_AUTHORIZED");
  }

  @Test
  void refusesAConfigurationThatMapsOneMspTwiceOrHasNoAdmins() {
    ContractHarness harness = ContractHarness.configured();
    assertRefused(
        harness.submit(
            SHANGHAI_ADMIN,
            "network:configure",
            "{\"branches\":{\"a\":\"M\",\"b\":\"M\"},\"adminMspIds\":[\"M\"]}"),
        "INVALID_NETWORK_CONFIG");
    assertRefused(
        harness.submit(SHANGHAI_ADMIN, "network:configure", "{\"branches\":{\"a\":\"M\"}}"),
        "INVALID_NETWORK_CONFIG");
    assertRefused(
        harness.submit(
            SHANGHAI_ADMIN,
            "network:configure",
            "{\"branches\":{\"Shanghai Branch\":\"M\"},\"adminMspIds\":[\"M\"]}"),
        "INVALID_NETWORK_CONFIG");
  }

  @Test
  void auditorsMayBeSingleClientIdentities() throws Exception {
    ContractHarness harness = ContractHarness.configured();
    TestIdentity inspector = TestIdentity.client("ShanghaiMSP", "Inspector@shanghai");
    String clientId =
        new org.hyperledger.fabric.contract.ClientIdentity(
                harness.ledger().begin(inspector, harness.now(), java.util.Map.of(), "probe"))
            .getId();
    harness
        .submit(
            SHANGHAI_ADMIN,
            "network:configure",
            ContractHarness.NETWORK_CONFIG.replace(
                "\"auditorMspIds\"", "\"auditorIds\":[\"" + clientId + "\"],\"auditorMspIds\""))
        .orThrow();
    harness
        .submit(
            SHANGHAI,
            "issue",
            io.lcledger.chaincode.testing.LcFlow.json(
                Fixtures.terms("LC-A", io.lcledger.chaincode.domain.PaymentType.SIGHT)))
        .orThrow();
    assertThat(harness.evaluate(inspector, "listLcsByParty", "yangzhou", "", "10", "").ok())
        .isTrue();
  }

  @Test
  void theCalendarIsKeptPerYear() {
    ContractHarness harness = ContractHarness.configured();
    String stored =
        harness
            .submit(
                SHANGHAI_ADMIN,
                "network:setCalendar",
                "{\"year\":2026,\"holidays\":[\"2026-10-02\",\"2026-10-01\"],\"workingDays\":[\"2026-09-26\"]}")
            .orThrow()
            .payload();
    assertThat(stored)
        .isEqualTo(
            "{\"holidays\":[\"2026-10-01\",\"2026-10-02\"],\"workingDays\":[\"2026-09-26\"],\"year\":2026}");
    assertThat(harness.evaluate(SHANGHAI, "network:getCalendar", "2026").orThrow().payload())
        .isEqualTo(stored);
    assertRefused(
        harness.submit(
            SHANGHAI_ADMIN,
            "network:setCalendar",
            "{\"year\":2026,\"holidays\":[],\"workingDays\":[\"2026-09-25\"]}"),
        "INVALID_CALENDAR");
    assertThat(harness.evaluate(SHANGHAI, "network:getCalendar", "2027").errorCode())
        .isEqualTo("INVALID_CALENDAR");
  }
}
