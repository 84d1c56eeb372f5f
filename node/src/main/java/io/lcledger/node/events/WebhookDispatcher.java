package io.lcledger.node.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.web.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delivers each branch's notifications, in order and at least once, to its webhook subscriptions:
 * JSON body, {@code X-Signature: sha256=<HMAC-SHA256 of the body with the subscription's secret>},
 * {@code X-Event-Id}. A failed delivery is retried with exponential backoff (0.5 s doubling up to
 * 60 s). Subscriptions and their positions are kept in the node's database, so a restart resumes
 * where it stopped; the nodes of a branch that share the database deliver through whichever holds
 * the {@code webhooks} lease, so each notification goes out from one node (again, at least once,
 * from the next holder, if one dies mid-delivery). Each subscription is delivered on its own, so a
 * slow, failing or broken endpoint delays only itself.
 */
@Component
public class WebhookDispatcher {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);
  private static final int LEASE_SECONDS = 10;
  private static final Duration TICK = Duration.ofMillis(200);
  // well within the lease: a holder that renews this often never lets it lapse
  private static final Duration RENEW_EVERY = Duration.ofSeconds(2);

  private final Outbox outbox;
  private final ObjectMapper json;
  private final Path legacyFile;
  private final JdbcClient db;
  private final DurableCommits durable;
  private final WebhookTargets targets;
  private final int maxPerBranch;
  // who this node is, for the lease; a new one per start
  private final String holder = UUID.randomUUID().toString();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead anywhere
          .build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("webhooks"));
  private final ExecutorService senders = Executors.newCachedThreadPool(daemon("webhook-send"));
  private final Set<String> inFlight = new HashSet<>();
  private final AtomicBoolean runQueued = new AtomicBoolean();
  // whether this node held the lease when it last asked (written under this), and when that was
  private volatile boolean leader;
  private volatile boolean stopping;
  private long askedAt = System.nanoTime() - Duration.ofHours(1).toNanos();

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
      Outbox outbox,
      NodeProperties properties,
      WebhookProperties webhooks,
      ObjectMapper json,
      JdbcClient db,
      DurableCommits durable) {
    this.outbox = outbox;
    this.json = json;
    this.db = db;
    this.durable = durable;
    this.legacyFile = properties.dataDir().resolve("events").resolve("subscriptions.json");
    this.targets = new WebhookTargets(webhooks, properties.sandbox());
    this.maxPerBranch = webhooks.maxPerBranch();
  }

  @PostConstruct
  void start() throws IOException {
    importLegacySubscriptions();
    ticker.scheduleWithFixedDelay(
        this::deliverDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A new notification: deliver what is due now rather than at the next tick. One run is queued at
   * a time: it reads every subscription's position, so it serves all the notifications before it.
   */
  @EventListener
  void onNotification(Notification n) {
    if (!runQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      ticker.execute(
          () -> {
            runQueued.set(false);
            deliverDue();
          });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // the node is shutting down; the outbox keeps it for the next start
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    stopping = true;
    ticker.shutdownNow();
    // a delivery in progress finishes and records its position, so the node that takes over does
    // not send it again; one that outlasts its timeout is interrupted and retried from there
    senders.shutdown();
    if (!senders.awaitTermination(6, TimeUnit.SECONDS)) {
      senders.shutdownNow();
      senders.awaitTermination(1, TimeUnit.SECONDS);
    }
    try { // let another node of the branch take over at once
      db.sql(
              "update lease set expires_at = timestamp '1970-01-01 00:00:00'"
                  + " where name = ? and holder = ?")
          .params("webhooks", holder)
          .update();
    } catch (RuntimeException e) {
      log.debug("the webhooks lease expires by itself: {}", e.toString());
    }
  }

  /**
   * Subscribes {@code branch}: the URL must be http(s) and lead nowhere the node may not call (400
   * INVALID_WEBHOOK_URL or WEBHOOK_TARGET_FORBIDDEN); a branch holds at most {@code
   * lc.webhooks.max-per-branch} subscriptions (409 TOO_MANY_SUBSCRIPTIONS).
   */
  public Subscription subscribe(String branch, String url, String secret) {
    targets.check(url); // outside the lock: it may wait for DNS
    Subscription added;
    synchronized (this) {
      if (db.sql("select count(*) from subscription where branch = ?")
              .param(branch)
              .query(Long.class)
              .single()
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
      insert(state);
      added = new Subscription(state.subscriptionId(), branch, url);
    }
    durable.flush(); // acknowledged: kept (outside the lock, it writes the file)
    return added;
  }

  /**
   * Starts, for each subscription that is due and not already being served, its own delivery; only
   * while this node holds the lease.
   */
  synchronized void deliverDue() {
    try {
      if (!leading()) {
        return;
      }
      Instant now = Instant.now();
      for (State s : all()) {
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
    } catch (RuntimeException e) { // the database unreachable, say: the next tick tries again
      log.warn("webhook deliveries not started: {}", causes(e));
    }
  }

  /**
   * Takes or renews the lease of webhook delivery; whether this node holds it now. The database is
   * asked at most once a tick, and a holder renews every {@link #RENEW_EVERY} only: not a write per
   * notification.
   */
  private boolean leading() {
    long now = System.nanoTime();
    if (now - askedAt < (leader ? RENEW_EVERY : TICK).toNanos()) {
      return leader;
    }
    askedAt = now;
    boolean held = false; // a failed renewal holds nothing
    try {
      held =
          db.sql(
                      "update lease set holder = ?, expires_at = localtimestamp + interval '"
                          + LEASE_SECONDS
                          + "' second where name = ? and (holder = ? or expires_at < localtimestamp)")
                  .params(holder, "webhooks", holder)
                  .update()
              == 1;
    } finally {
      leader = held;
    }
    return held;
  }

  /**
   * Delivers one subscription's pending notifications in order, until one fails, the node stops or
   * it no longer holds the lease.
   */
  private void deliverAll(String id) {
    try {
      while (!stopping && leader) {
        State s = find(id);
        List<Notification> pending =
            s == null ? List.of() : outbox.after(s.branch(), s.delivered(), 1);
        if (pending.isEmpty()) {
          return;
        }
        Notification n = pending.get(0);
        boolean ok = deliver(s, n);
        update(ok ? s.delivered(n.sequence()) : s.failed());
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

  /**
   * An exception and each of its causes on one line: an HttpClient failure's message is often empty
   * (a bare {@code ConnectException}) and says why only in its cause. One line, not a stack trace,
   * because an unreachable subscriber is retried every tick.
   */
  static String causes(Throwable e) {
    StringBuilder line = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (!line.isEmpty()) {
        line.append(" <- caused by ");
      }
      line.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage());
      }
    }
    return line.toString();
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
      log.warn("webhook {} unreachable for {}: {}", s.url(), n.eventId(), causes(e));
      return false;
    } catch (ApiException | IllegalArgumentException refused) {
      log.warn("webhook {} refused for {}: {}", s.url(), n.eventId(), causes(refused));
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

  private List<State> all() {
    return db.sql(
            "select subscription_id, branch, url, secret, delivered, attempts, next_attempt"
                + " from subscription order by subscription_id")
        .query(WebhookDispatcher::state)
        .list();
  }

  private State find(String id) {
    return db.sql(
            "select subscription_id, branch, url, secret, delivered, attempts, next_attempt"
                + " from subscription where subscription_id = ?")
        .param(id)
        .query(WebhookDispatcher::state)
        .optional()
        .orElse(null);
  }

  private static State state(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new State(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getInt(6),
        Instant.ofEpochMilli(rs.getLong(7)));
  }

  private void insert(State s) {
    db.sql(
            "insert into subscription (subscription_id, branch, url, secret, delivered, attempts,"
                + " next_attempt) values (?, ?, ?, ?, ?, ?, ?)")
        .params(
            s.subscriptionId(),
            s.branch(),
            s.url(),
            s.secret(),
            s.delivered(),
            s.attempts(),
            s.nextAttempt().toEpochMilli())
        .update();
  }

  private void update(State s) {
    db.sql(
            "update subscription set delivered = ?, attempts = ?, next_attempt = ?"
                + " where subscription_id = ?")
        .params(s.delivered(), s.attempts(), s.nextAttempt().toEpochMilli(), s.subscriptionId())
        .update();
  }

  /**
   * Subscriptions kept in a file by an earlier version are brought into the database once, with
   * their positions.
   */
  private void importLegacySubscriptions() throws IOException {
    if (!Files.exists(legacyFile)) {
      return;
    }
    if (all().isEmpty()) {
      for (State s : json.readValue(legacyFile.toFile(), State[].class)) {
        insert(s);
      }
      durable.flush();
    }
    Files.move(
        legacyFile,
        legacyFile.resolveSibling("subscriptions.json.imported"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
