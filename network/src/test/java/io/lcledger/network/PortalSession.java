package io.lcledger.network;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's session on a node's portal or audit pages: a form login, then pages as HTML. */
final class PortalSession {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  private final String origin;
  private final HttpClient http;

  private PortalSession(String origin) {
    this.origin = origin;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Logs in with a {@code user:password@http://host:port/path} line of nodes.env. */
  static PortalSession login(String credentials) throws Exception {
    int at = credentials.indexOf('@');
    String[] userAndPassword = credentials.substring(0, at).split(":", 2);
    URI home = URI.create(credentials.substring(at + 1));
    PortalSession session = new PortalSession(home.getScheme() + "://" + home.getAuthority());
    Page login = session.get("/login");
    Matcher csrf = CSRF.matcher(login.html());
    String form =
        "username="
            + URLEncoder.encode(userAndPassword[0], StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(userAndPassword[1], StandardCharsets.UTF_8)
            + (csrf.find()
                ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                : "");
    HttpResponse<String> done =
        session.http.send(
            HttpRequest.newBuilder(URI.create(session.origin + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (done.uri().getPath().startsWith("/login")) {
      throw new AssertionError("login refused for " + userAndPassword[0]);
    }
    return session;
  }

  /** A page: its status and HTML. */
  record Page(int status, String html) {}

  Page get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + path))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Page(r.statusCode(), r.body());
  }
}
