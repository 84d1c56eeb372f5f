package io.lcledger.node.events;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.identity.SecurityConfiguration;
import io.lcledger.node.identity.TokenRegistry;
import io.lcledger.node.lc.StepGate;
import io.lcledger.node.web.problem.Problems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The notification endpoints: SSE for the caller's branch, webhook subscriptions validated. */
@WebMvcTest(controllers = EventsController.class)
@Import({
  SecurityConfiguration.class,
  TokenRegistry.class,
  PortalAccounts.class,
  Problems.class,
  LiveStreams.class
})
@EnableConfigurationProperties(NodeProperties.class)
@TestPropertySource(properties = "lc.mode=sandbox")
class EventsControllerTest {
  @Autowired MockMvc mvc;
  @MockitoBean Outbox outbox;
  @MockitoBean WebhookDispatcher webhooks;
  @MockitoBean StepGate gate; // the step endpoints' gate, which this slice does not use

  @Test
  void aSubscriptionNeedsAnHttpUrlAndALongEnoughSecret() throws Exception {
    given(webhooks.subscribe(eq("yangzhou"), anyString(), anyString()))
        .willReturn(
            new WebhookDispatcher.Subscription("s-1", "yangzhou", "http://127.0.0.1:9/hook"));
    mvc.perform(
            post("/api/v1/subscriptions")
                .header("Authorization", "Bearer sandbox-yangzhou")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"0123456789abcdef\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.branch").value("yangzhou"))
        .andExpect(jsonPath("$.secret").doesNotExist());
    mvc.perform(
            post("/api/v1/subscriptions")
                .header("Authorization", "Bearer sandbox-yangzhou")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"ftp://example\",\"secret\":\"short\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
        .andExpect(jsonPath("$.errors.length()").value(2));
  }

  @Test
  void theEventStreamNeedsACredentialAndOpensForABranch() throws Exception {
    mvc.perform(get("/api/v1/events"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    mvc.perform(
            get("/api/v1/events")
                .header("Authorization", "Bearer sandbox-yangzhou")
                .accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(request().asyncStarted());
  }
}
