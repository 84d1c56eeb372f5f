package io.lcledger.node.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.files.DurableFiles;
import io.lcledger.node.web.ApiException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Delivers each branch's notifications, in order and at least once, to its webhook subscriptions:
 * JSON body, {@code X-Signature: sha256=<HMAC-SHA256 of the body with the subscription's secret>},
 * {@code X-Event-Id}. A failed delivery is retried with exponential backoff (0.5 s doubling up to
 * 60 s); each subscription's position is kept on disk, so a restart resumes where it stopped. Each
 * subscription is delivered on its own, so a slow, failing or broken endpoint delays only itself.
 */
@Component
public class WebhookDispatcher {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);

  private final Outbox outbox;
  private final ObjectMapper json;
  private final Path file;
  private final WebhookTargets targets;
  private final int maxPerBranch;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead anywhere
          .build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("webhooks"));
  private final ExecutorService senders = Executors.newCachedThreadPool(daemon("webhook-send"));
  private final Map<String, State> subscriptions = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();

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
      Instant nextAttempt) {

    State delivered(long sequence) {
      return new State(subscriptionId, branch, url, secret, sequence, 0, Instant.EPOCH);
    }

    State failed() {
      long backoff =
          Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempts, 20));
      return new State(
          subscriptionId,
          branch,
          url,
          secret,
          delivered,
          attempts + 1,
          Instant.now().plusMillis(backoff));
    }
  }

  public WebhookDispatcher(
      Outbox outbox, NodeProperties properties, WebhookProperties webhooks, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
    this.file = properties.dataDir().resolve("events").resolve("subscriptions.json");
    this.targets = new WebhookTargets(webhooks);
    this.maxPerBranch = webhooks.maxPerBranch();
  }

  @PostConstruct
  void start() throws IOException {
    if (Files.exists(file)) {
      for (State s : json.readValue(file.toFile(), State[].class)) {
        subscriptions.put(s.subscriptionId(), s);
      }
    }
    ticker.scheduleWithFixedDelay(this::deliverDue, 200, 200, TimeUnit.MILLISECONDS);
  }

  /** A new notification: deliver what is due now rather than at the next tick. */
  @EventListener
  void onNotification(Notification n) {
    try {
      ticker.execute(this::deliverDue);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // the node is shutting down; the outbox keeps it for the next start
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    ticker.shutdownNow();
    senders.shutdownNow(); // interrupts deliveries in progress; they are retried after a restart
    senders.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * Subscribes {@code branch}: the URL must be http(s) and lead nowhere the node may not call (400
   * INVALID_WEBHOOK_URL or WEBHOOK_TARGET_FORBIDDEN); a branch holds at most {@code
   * lc.webhooks.max-per-branch} subscriptions (409 TOO_MANY_SUBSCRIPTIONS).
   */
  public Subscription subscribe(String branch, String url, String secret) {
    targets.check(url); // outside the lock: it may wait for DNS
    synchronized (this) {
      if (subscriptions.values().stream().filter(s -> s.branch().equals(branch)).count()
          >= maxPerBranch) {
        throw new ApiException(
            HttpStatus.CONFLICT,
            "TOO_MANY_SUBSCRIPTIONS",
            "a branch holds at most " + maxPerBranch + " subscriptions");
      }
      State state =
          new State(
              UUID.randomUUID().toString(),
              branch,
              url,
              secret,
              outbox.lastSequence(),
              0,
              Instant.EPOCH);
      subscriptions.put(state.subscriptionId(), state);
      save();
      return new Subscription(state.subscriptionId(), branch, url);
    }
  }

  /** Starts, for each subscription that is due and not already being served, its own delivery. */
  synchronized void deliverDue() {
    Instant now = Instant.now();
    for (State s : subscriptions.values()) {
      if (!inFlight.contains(s.subscriptionId())
          && !now.isBefore(s.nextAttempt())
          && !outbox.after(s.branch(), s.delivered(), 1).isEmpty()) {
        inFlight.add(s.subscriptionId());
        try {
          senders.execute(() -> deliverAll(s.subscriptionId()));
        } catch (RejectedExecutionException stopping) {
          inFlight.remove(s.subscriptionId());
        }
      }
    }
  }

  /** Delivers one subscription's pending notifications in order, until one fails. */
  private void deliverAll(String id) {
    try {
      while (true) {
        State s;
        synchronized (this) {
          s = subscriptions.get(id);
        }
        List<Notification> pending =
            s == null ? List.of() : outbox.after(s.branch(), s.delivered(), 1);
        if (pending.isEmpty()) {
          return;
        }
        Notification n = pending.get(0);
        boolean ok = deliver(s, n);
        synchronized (this) {
          subscriptions.put(id, ok ? s.delivered(n.sequence()) : s.failed());
          save();
        }
        if (!ok) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("webhook delivery for subscription {} failed", id, e);
    } finally {
      synchronized (this) {
        inFlight.remove(id);
      }
    }
  }

  private boolean deliver(State s, Notification n) {
    try {
      URI target = WebhookTargets.parse(s.url());
      targets.checkAddresses(target); // again now: the name may resolve elsewhere than before
      byte[] body = json.writeValueAsBytes(n);
      HttpRequest request =
          HttpRequest.newBuilder(target)
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
    } catch (ApiException | IllegalArgumentException refused) {
      log.warn("webhook {} refused for {}: {}", s.url(), n.eventId(), refused.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Daemon threads named {@code name-1}, {@code name-2}, … */
  static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
      DurableFiles.replace(file, json.writeValueAsBytes(List.copyOf(subscriptions.values())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
