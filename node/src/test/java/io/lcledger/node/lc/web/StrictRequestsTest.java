package io.lcledger.node.lc.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lcledger.chaincode.domain.Command;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.config.StrictJson;
import io.lcledger.node.documents.DocumentStore;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.identity.SecurityConfiguration;
import io.lcledger.node.identity.TokenRegistry;
import io.lcledger.node.lc.LcService;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.web.problem.Problems;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Requests the node used to accept silently, each now refused with a code before anything reaches
 * the ledger: trailing garbage, a fraction for an integer, a number for an amount or a text, and a
 * decimal in exponent form (which took minutes to expand under the ledger's lock).
 */
@WebMvcTest(controllers = LcController.class)
@Import({
  SecurityConfiguration.class,
  TokenRegistry.class,
  PortalAccounts.class,
  Problems.class,
  StrictJson.class
})
@EnableConfigurationProperties(NodeProperties.class)
@TestPropertySource(properties = "lc.mode=sandbox")
class StrictRequestsTest {
  static final String P1 = "/api/v1/lcs/LC-1/presentations/1";

  @Autowired MockMvc mvc;
  @MockitoBean LcService lcs;
  @MockitoBean DocumentStore documents;
  @MockitoBean StepGate gate; // who may take a step: LcControllerTest

  @BeforeEach
  void ledgerAnswers() {
    given(lcs.issue(any(), any())).willReturn(LcControllerTest.lc());
    given(lcs.step(any(), anyString(), any(Command.class))).willReturn(LcControllerTest.lc());
  }

  ResultActions post(String path, String body) throws Exception {
    return mvc.perform(
        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .header("Authorization", "Bearer sandbox-shanghai"));
  }

  @Test
  void theValidRequestsStillPass() throws Exception {
    post("/api/v1/lcs", LcControllerTest.ISSUE).andExpect(status().isCreated());
    post(
            P1 + "/buyer-financing",
            "{\"amount\":\"100.00\",\"annualRatePercent\":4.35,\"dueDate\":\"2026-06-01\"}")
        .andExpect(status().isCreated());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "trailing garbage | } | }garbage | body",
        "a second document | } | }{} | body",
        "a fraction for an integer | \"tolerancePercent\":0 | \"tolerancePercent\":5.5 | tolerancePercent",
        "an amount as a number | \"amount\":\"1000.00\" | \"amount\":1000.00 | amount",
        "a text as a number | \"expiryPlace\":\"扬州\" | \"expiryPlace\":12 | expiryPlace",
        "a boolean as a number | \"goodsDescription\" | \"partialShipmentsAllowed\":1,\"goodsDescription\" | partialShipmentsAllowed"
      })
  void anIssueThatWasSilentlyAcceptedIsRefused(String what, String from, String to, String field)
      throws Exception {
    String body =
        from.equals("}")
            ? LcControllerTest.ISSUE + to.substring(1)
            : LcControllerTest.ISSUE.replace(from, to);
    assertThat(body).isNotEqualTo(LcControllerTest.ISSUE);
    post("/api/v1/lcs", body)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.errors[0].field").value(field));
    verifyNoInteractions(lcs);
  }

  @ParameterizedTest
  @CsvSource({"'\"1e1000000\"'", "1e1000000", "'\"1E+2147483647\"'", "'\"4.3500000000000001\"'"})
  void aDecimalBeyondItsBoundsIsRefusedAtOnce(String rate) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            post(
                    P1 + "/buyer-financing",
                    "{\"amount\":\"100.00\",\"annualRatePercent\":"
                        + rate
                        + ",\"dueDate\":\"2026-06-01\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST")));
    verifyNoInteractions(lcs);
  }

  @Test
  void anAmountBeyondTheBoundIsInvalidAmount() throws Exception {
    post("/api/v1/lcs", LcControllerTest.ISSUE.replace("\"1000.00\"", "\"999999999999999.99\""))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("INVALID_AMOUNT"));
    post(P1 + "/payment", "{\"amount\":100.00,\"paymentReference\":\"P\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("amount"));
    verifyNoInteractions(lcs);
  }
}
