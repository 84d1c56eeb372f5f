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
  private final Map<String, List<SseEmitter>> streams = new ConcurrentHashMap<>();

  public EventsController(Outbox outbox, WebhookDispatcher webhooks) {
    this.outbox = outbox;
    this.webhooks = webhooks;
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(
      @AuthenticationPrincipal CallerPrincipal caller,
      @RequestHeader(name = "Last-Event-ID", required = false) Long lastSeen)
      throws IOException {
    String stream = streamOf(caller);
    SseEmitter emitter = new SseEmitter(0L);
    List<SseEmitter> emitters = streams.computeIfAbsent(stream, k -> new CopyOnWriteArrayList<>());
    emitters.add(emitter);
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(e -> emitters.remove(emitter));
    emitter.send(SseEmitter.event().comment("connected"));
    if (lastSeen != null) {
      for (Notification missed : outbox.after(stream, lastSeen)) {
        send(emitter, missed);
      }
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

  /** Each notification as the outbox publishes it, to the open streams of its branch. */
  @EventListener
  void push(Notification n) {
    for (SseEmitter emitter : streams.getOrDefault(n.branch(), List.of())) {
      send(emitter, n);
    }
  }

  private static void send(SseEmitter emitter, Notification n) {
    try {
      emitter.send(
          SseEmitter.event()
              .id(Long.toString(n.sequence()))
              .name(n.event())
              .data(n, MediaType.APPLICATION_JSON));
    } catch (IOException | IllegalStateException gone) {
      emitter.completeWithError(gone);
    }
  }

  static String streamOf(CallerPrincipal caller) {
    return caller.auditor() ? Outbox.ALL : caller.branch();
  }
}
