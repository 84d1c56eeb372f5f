package io.lcledger.node.portal;

import io.lcledger.node.config.NodeProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page needs to know: whether this node runs the sandbox ledger (shown as a banner). */
@ControllerAdvice(basePackages = {"io.lcledger.node.portal", "io.lcledger.node.audit"})
class PageModel {
  private final NodeProperties properties;

  PageModel(NodeProperties properties) {
    this.properties = properties;
  }

  @ModelAttribute("sandbox")
  boolean sandbox() {
    return properties.sandbox();
  }
}
