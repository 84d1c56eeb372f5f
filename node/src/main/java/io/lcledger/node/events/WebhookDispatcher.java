package io.lcledger.node.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.NodeProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers each branch's notifications, in order and at least once, to its webhook subscriptions:
 * JSON body, {@code X-Signature: sha256=<HMAC-SHA256 of the body with the subscription's secret>},
 * {@code X-Event-Id}. A failed delivery is retried with exponential backoff (0.5 s doubling up to
 * 60 s); each subscription's position is kept on disk, so a restart resumes where it stopped.
 */
@Component
public class WebhookDispatcher {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);

  private final Outbox outbox;
  private final ObjectMapper json;
  private final Path file;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
          });
  private final List<State> subscriptions = new ArrayList<>();

  /** A subscription as answered to the client (the secret is never echoed). */
  public record Subscription(String subscriptionId, String branch, String url) {}

  /** A subscription with its delivery position. */
  record State(
      String subscriptionId,
      String branch,
      String url,
      String secret,
      long delivered,
      int attempts,
      Instant nextAttempt) {}

  public WebhookDispatcher(Outbox outbox, NodeProperties properties, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
    this.file = properties.dataDir().resolve("events").resolve("subscriptions.json");
  }

  @PostConstruct
  void start() throws IOException {
    if (Files.exists(file)) {
      subscriptions.addAll(List.of(json.readValue(file.toFile(), State[].class)));
    }
    outbox.onNotification(n -> worker.execute(this::deliverDue));
    worker.scheduleWithFixedDelay(this::deliverDue, 200, 200, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }

  public synchronized Subscription subscribe(String branch, String url, String secret) {
    State state =
        new State(
            UUID.randomUUID().toString(),
            branch,
            url,
            secret,
            outbox.lastSequence(),
            0,
            Instant.EPOCH);
    subscriptions.add(state);
    save();
    return new Subscription(state.subscriptionId(), branch, url);
  }

  synchronized void deliverDue() {
    for (int i = 0; i < subscriptions.size(); i++) {
      State s = subscriptions.get(i);
      for (Notification n : outbox.after(s.branch(), s.delivered())) {
        if (Instant.now().isBefore(s.nextAttempt())) {
          break;
        }
        if (deliver(s, n)) {
          s =
              new State(
                  s.subscriptionId(),
                  s.branch(),
                  s.url(),
                  s.secret(),
                  n.sequence(),
                  0,
                  Instant.EPOCH);
        } else {
          long backoff =
              Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(s.attempts(), 20));
          s =
              new State(
                  s.subscriptionId(),
                  s.branch(),
                  s.url(),
                  s.secret(),
                  s.delivered(),
                  s.attempts() + 1,
                  Instant.now().plusMillis(backoff));
          subscriptions.set(i, s);
          save();
          break;
        }
        subscriptions.set(i, s);
        save();
      }
    }
  }

  private boolean deliver(State s, Notification n) {
    try {
      byte[] body = json.writeValueAsBytes(n);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(s.url()))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .header("X-Event-Id", n.eventId())
              .header("X-Signature", "sha256=" + hmac(s.secret(), body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        return true;
      }
      log.warn("webhook {} answered {} for {}", s.url(), status, n.eventId());
      return false;
    } catch (IOException e) {
      log.warn("webhook {} unreachable for {}: {}", s.url(), n.eventId(), e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** HMAC-SHA256 of {@code body} with {@code secret}, lower-case hex. */
  public static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "subscriptions", ".tmp");
      json.writeValue(temp.toFile(), subscriptions);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
