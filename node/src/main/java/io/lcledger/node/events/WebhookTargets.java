package io.lcledger.node.events;

import io.lcledger.node.web.ApiException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * Which URLs a webhook may name. A URL must be absolute http(s) with a plain ASCII host; and it
 * must not lead the node to its own loopback, to link-local or cloud metadata addresses
 * (169.254.169.254, 100.100.100.200, fd00:ec2::254), to the unspecified address or to multicast:
 * otherwise any integrator could make the node call what only the node can reach (SSRF). Checked
 * when subscribing and again before every delivery, since a name can resolve differently later.
 */
final class WebhookTargets {
  static final int MAX_LENGTH = 2048;

  private static final Set<String> METADATA =
      Set.of("169.254.169.254", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

  private final WebhookProperties properties;
  private final boolean allowLoopback;

  WebhookTargets(WebhookProperties properties, boolean sandbox) {
    this.properties = properties;
    this.allowLoopback = properties.allowLoopback(sandbox);
  }

  /** The URL, if well-formed and allowed; 400 INVALID_WEBHOOK_URL or WEBHOOK_TARGET_FORBIDDEN. */
  URI check(String url) {
    URI uri = parse(url);
    try {
      checkAddresses(uri);
    } catch (UnknownHostException e) {
      throw invalid("its host cannot be resolved");
    }
    return uri;
  }

  static URI parse(String url) {
    if (url == null || url.length() > MAX_LENGTH) {
      throw invalid("it must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("it is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("only http and https are allowed");
    }
    String host = uri.getHost(); // null unless the authority is a plain server name or address
    if (host == null
        || host.isEmpty()
        || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null
        || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid("it needs a host name or address, in ASCII, without user info or fragment");
    }
    return uri;
  }

  /** Throws WEBHOOK_TARGET_FORBIDDEN if the host is not allowed or resolves where it may not. */
  void checkAddresses(URI uri) throws UnknownHostException {
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!properties.allowedHosts().isEmpty()
        && properties.allowedHosts().stream().noneMatch(h -> h.equalsIgnoreCase(bare))) {
      throw forbidden("its host is not one of lc.webhooks.allowed-hosts");
    }
    InetAddress[] addresses = InetAddress.getAllByName(bare);
    if (Arrays.stream(addresses).anyMatch(this::forbiddenAddress)) {
      throw forbidden("it leads to an address the node does not call");
    }
  }

  boolean forbiddenAddress(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean v4Compatible = true; // ::a.b.c.d, a way to spell an IPv4 address
      for (int i = 0; i < 12; i++) {
        v4Compatible &= b[i] == 0;
      }
      if (v4Compatible && !v6.isAnyLocalAddress() && !v6.isLoopbackAddress()) {
        try {
          return forbiddenAddress(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException impossible) {
          return true;
        }
      }
    }
    if (address.isLoopbackAddress()) {
      return !allowLoopback;
    }
    boolean thisNetwork = address instanceof Inet4Address && address.getAddress()[0] == 0;
    boolean broadcast = address.getHostAddress().equals("255.255.255.255");
    return address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()
        || thisNetwork
        || broadcast
        || METADATA.contains(address.getHostAddress());
  }

  private static ApiException invalid(String why) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "INVALID_WEBHOOK_URL", "the webhook URL is refused: " + why);
  }

  private static ApiException forbidden(String why) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "WEBHOOK_TARGET_FORBIDDEN", "the webhook URL is refused: " + why);
  }
}
