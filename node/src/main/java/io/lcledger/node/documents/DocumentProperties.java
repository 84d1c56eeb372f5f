package io.lcledger.node.documents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Document settings ({@code lc.documents.*}).
 *
 * @param unlinkedTtl how long an uploaded file may stay without being presented before it is
 *     deleted (default 24 hours)
 */
@ConfigurationProperties("lc.documents")
public record DocumentProperties(Duration unlinkedTtl) {
  public DocumentProperties {
    unlinkedTtl = unlinkedTtl == null ? Duration.ofHours(24) : unlinkedTtl;
  }
}
