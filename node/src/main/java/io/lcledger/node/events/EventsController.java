package io.lcledger.node.events;

import io.lcledger.node.identity.CallerPrincipal;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Real-time notifications of every ledger event concerning the caller's branch: a Server-Sent
 * Events stream (resumable with {@code Last-Event-ID}, the notification's sequence) and webhook
 * subscriptions.
 */
@RestController
@RequestMapping("/api/v1")
public class EventsController {
  private final Outbox outbox;
  private final WebhookDispatcher webhooks;
  // what a resuming client missed is read from the outbox this many at a time
  private static final int BACKLOG_PAGE = 100;
  private final LiveStreams live;
  private final Map<String, List<LiveStreams.Stream>> streams = new ConcurrentHashMap<>();

  public EventsController(Outbox outbox, WebhookDispatcher webhooks, LiveStreams live) {
    this.outbox = outbox;
    this.webhooks = webhooks;
    this.live = live;
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(
      @AuthenticationPrincipal CallerPrincipal caller,
      @RequestHeader(name = "Last-Event-ID", required = false) Long lastSeen)
      throws IOException {
    String stream = streamOf(caller);
    SseEmitter emitter = new SseEmitter(0L);
    LiveStreams.Stream client =
        live.open(emitter, streams.computeIfAbsent(stream, k -> new CopyOnWriteArrayList<>()));
    emitter.send(SseEmitter.event().comment("connected"));
    if (lastSeen == null) {
      client.register();
    } else {
      client.register(
          lastSeen,
          after ->
              outbox.after(stream, after, BACKLOG_PAGE).stream()
                  .map(n -> new LiveStreams.Event(n.sequence(), event(n)))
                  .toList());
    }
    return emitter;
  }

  /** A webhook subscription: where to POST, and the secret of the HMAC-SHA256 signature. */
  public record SubscriptionRequest(
      @NotBlank
          @Size(max = WebhookTargets.MAX_LENGTH)
          @Pattern(regexp = "[hH][tT][tT][pP][sS]?://.+")
          @Schema(format = "uri", maxLength = WebhookTargets.MAX_LENGTH)
          String url,
      @NotBlank @Size(min = 16, max = 256) String secret) {}

  @PostMapping("/subscriptions")
  @ResponseStatus(HttpStatus.CREATED)
  public ResponseEntity<WebhookDispatcher.Subscription> subscribe(
      @AuthenticationPrincipal CallerPrincipal caller,
      @Valid @RequestBody SubscriptionRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(webhooks.subscribe(streamOf(caller), body.url(), body.secret()));
  }

  /**
   * Each notification as the outbox publishes it, to the open streams of its branch: queued, never
   * written on the publishing thread (it is the one that commits steps).
   */
  @EventListener
  void push(Notification n) {
    for (LiveStreams.Stream client : streams.getOrDefault(n.branch(), List.of())) {
      offer(client, n);
    }
  }

  private static void offer(LiveStreams.Stream client, Notification n) {
    client.offer(n.sequence(), event(n));
  }

  private static SseEmitter.SseEventBuilder event(Notification n) {
    return SseEmitter.event()
        .id(Long.toString(n.sequence()))
        .name(n.event())
        .data(n, MediaType.APPLICATION_JSON);
  }

  static String streamOf(CallerPrincipal caller) {
    return caller.auditor() ? Outbox.ALL : caller.branch();
  }
}
