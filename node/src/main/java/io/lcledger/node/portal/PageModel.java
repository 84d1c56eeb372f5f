package io.lcledger.node.portal;

import io.lcledger.node.config.NodeProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page needs to know: whether this node runs the sandbox ledger (shown as a banner), and
 * the viewer's time zone for the times it shows.
 */
@ControllerAdvice(basePackages = {"io.lcledger.node.portal", "io.lcledger.node.audit"})
class PageModel {
  /** Where the banks are: the default zone of every time shown. */
  static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private static final String COOKIE = "tz";

  private final NodeProperties properties;

  PageModel(NodeProperties properties) {
    this.properties = properties;
  }

  @ModelAttribute("sandbox")
  boolean sandbox() {
    return properties.sandbox();
  }

  /**
   * The viewer's zone: {@code ?tz=Europe/London} once (kept in a cookie), else Asia/Shanghai. A
   * zone Java does not know is ignored.
   */
  @ModelAttribute("zone")
  ZoneId zone(HttpServletRequest request, HttpServletResponse response) {
    String asked = request.getParameter(COOKIE);
    ZoneId zone = parse(asked);
    if (zone != null) {
      Cookie cookie = new Cookie(COOKIE, zone.getId());
      cookie.setPath("/");
      cookie.setHttpOnly(true);
      cookie.setSecure(request.isSecure());
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
      return zone;
    }
    if (request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        if (COOKIE.equals(c.getName()) && parse(c.getValue()) != null) {
          return parse(c.getValue());
        }
      }
    }
    return DEFAULT_ZONE;
  }

  static ZoneId parse(String id) {
    if (id == null || id.isBlank() || id.length() > 64) {
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
