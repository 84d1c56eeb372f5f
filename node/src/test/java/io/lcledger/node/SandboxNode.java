package io.lcledger.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * A real sandbox node for end-to-end tests: the whole application on a free port, over a data
 * directory that survives {@link #restart()}, with a clock the test moves.
 */
public final class SandboxNode implements AutoCloseable {
  private final Path dataDir;
  private final TestClock clock;
  private final String[] settings;
  private final Class<?>[] extraSources;
  private ConfigurableApplicationContext context;
  private RestClient http;
  private final ObjectMapper json = new ObjectMapper();
  // as the JDK's client behaves, which the tests were written against: no retries, no redirects
  // followed, no cookies kept; enough connections for a benchmark's clients
  private final CloseableHttpClient client =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setMaxConnTotal(64)
                  .setMaxConnPerRoute(64)
                  .build())
          .disableAutomaticRetries()
          .disableRedirectHandling()
          .disableCookieManagement()
          .build();

  /** A node with the given extra settings, such as {@code --lc.webhooks.allow-loopback=true}. */
  public SandboxNode(Path dataDir, Instant start, String... settings) {
    this(dataDir, start, java.util.List.of(), settings);
  }

  /**
   * A node that also registers {@code extraSources} (beans, controllers) from outside the node's
   * packages, which its component scan does not reach: a benchmark's reference endpoint, say.
   */
  public SandboxNode(
      Path dataDir, Instant start, java.util.List<Class<?>> extraSources, String... settings) {
    this.dataDir = dataDir;
    this.clock = new TestClock(start);
    this.settings = settings.clone();
    this.extraSources = extraSources.toArray(Class<?>[]::new);
    start();
  }

  private void start() {
    context =
        new SpringApplicationBuilder(NodeApplication.class)
            .sources(extraSources)
            .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", clock))
            .run(args());
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    http =
        RestClient.builder()
            .requestFactory(new HttpComponentsClientHttpRequestFactory(client))
            .baseUrl("http://127.0.0.1:" + port)
            .defaultStatusHandler(s -> true, (req, res) -> {})
            .build();
  }

  private String[] args() {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "--server.port=0", "--lc.data-dir=" + dataDir, "--spring.main.banner-mode=off"));
    args.addAll(java.util.List.of(settings));
    return args.toArray(String[]::new);
  }

  /** The base URL of the running node. */
  public String baseUrl() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public void restart() {
    context.close();
    start();
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public Path dataDir() {
    return dataDir;
  }

  public void advance(java.time.Duration by) {
    clock.now = clock.now.plus(by);
  }

  public void at(String instant) {
    clock.now = Instant.parse(instant);
  }

  /** A response: status and body as JSON (null when empty). */
  public record Reply(int status, JsonNode body, HttpHeaders headers) {
    public String code() {
      return body == null ? null : body.path("code").asText(null);
    }
  }

  public Reply post(String token, String path, String body) {
    return post(token, path, body, Map.of());
  }

  public Reply post(String token, String path, String body, Map<String, String> headers) {
    var spec =
        http.post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON);
    headers.forEach(spec::header);
    return spec.body(body == null ? "{}" : body)
        .exchange(
            (req, res) ->
                reply(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders()));
  }

  public Reply get(String token, String path) {
    return http.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange(
            (req, res) ->
                reply(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders()));
  }

  public byte[] getBytes(String token, String path) {
    return http.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .retrieve()
        .body(byte[].class);
  }

  public Reply upload(String token, Path file, String type) {
    MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
    parts.add("file", new FileSystemResource(file));
    parts.add("type", type);
    return http.post()
        .uri("/api/v1/documents")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(parts)
        .exchange(
            (req, res) ->
                reply(res.getStatusCode().value(), res.getBody().readAllBytes(), res.getHeaders()));
  }

  private Reply reply(int status, byte[] body, HttpHeaders headers) throws java.io.IOException {
    return new Reply(status, body.length == 0 ? null : json.readTree(body), headers);
  }

  /**
   * A browser of the portal or audit pages signed in as {@code user} (whose password is its name,
   * as the sandbox's): its cookies kept, redirects not followed.
   */
  public HttpClient signedIn(String user) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    URI login = URI.create(baseUrl() + "/login");
    String page =
        browser
            .send(HttpRequest.newBuilder(login).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    if (!csrf.find()) {
      throw new AssertionError("no CSRF token on the login page");
    }
    String form =
        "username="
            + user
            + "&password="
            + user
            + "&_csrf="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(login)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 302) {
      throw new AssertionError("signing in as " + user + " answered " + answer.statusCode());
    }
    return browser;
  }

  @Override
  public void close() {
    context.close();
    client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
  }

  /** A clock the test sets; the sandbox stamps every transaction with it. */
  public static final class TestClock extends Clock {
    volatile Instant now;

    public TestClock(Instant start) {
      now = start;
    }

    /** Moves the clock to {@code time}. */
    public void set(Instant time) {
      now = time;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
