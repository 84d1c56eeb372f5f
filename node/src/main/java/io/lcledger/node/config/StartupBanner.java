package io.lcledger.node.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the node where it is and, in sandbox mode, what to try. */
@Component
class StartupBanner {
  private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);
  private final NodeProperties properties;

  StartupBanner(NodeProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    int port =
        event.getApplicationContext() instanceof WebServerApplicationContext web
            ? web.getWebServer().getPort()
            : -1;
    String base = "http://localhost:" + port;
    if (properties.sandbox()) {
      log.info(
          """

          LC ledger node ready in SANDBOX mode (development only), data in {}
            home page       {}/
            client portal   {}/portal   (applicant/applicant, beneficiary/beneficiary)
            auditor         {}/audit    (auditor/auditor)
            REST contract   {}/swagger-ui.html   tokens: sandbox-shanghai, sandbox-yangzhou, sandbox-forfaiter, sandbox-auditor
          """,
          properties.dataDir().toAbsolutePath(),
          base,
          base,
          base,
          base);
    } else {
      log.info(
          "LC ledger node ready in {} mode for {} on {}",
          properties.mode(),
          properties.branches(),
          base);
    }
  }
}
