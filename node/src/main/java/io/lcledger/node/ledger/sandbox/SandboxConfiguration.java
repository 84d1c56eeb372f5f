package io.lcledger.node.ledger.sandbox;

import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.ledger.Ledger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Sandbox mode (the default): the embedded ledger under {@code lc.data-dir}, created on first start
 * with the branch mapping and the business calendars shipped in {@code sandbox/calendar-*.json}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lc.mode", havingValue = "sandbox", matchIfMissing = true)
class SandboxConfiguration {

  @Bean(destroyMethod = "close")
  Ledger sandboxLedger(
      NodeProperties properties,
      Clock clock,
      @Value("${lc.sandbox.verify-all-signatures:false}") boolean verifyAll,
      @Value("${lc.sandbox.snapshot-every:" + SandboxLedger.SNAPSHOT_EVERY + "}") int snapshotEvery)
      throws IOException {
    List<String> calendars = new ArrayList<>();
    Resource[] resources =
        new PathMatchingResourcePatternResolver().getResources("classpath:sandbox/calendar-*.json");
    java.util.Arrays.sort(resources, java.util.Comparator.comparing(Resource::getFilename));
    for (Resource resource : resources) {
      calendars.add(resource.getContentAsString(StandardCharsets.UTF_8));
    }
    return new SandboxLedger(properties.dataDir(), clock, calendars, verifyAll, snapshotEvery);
  }
}
