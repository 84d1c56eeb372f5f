package io.lcledger.node.events;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events streams that never hold up whoever publishes to them. Notifications are
 * published on the thread that commits steps; writing to a client that stopped reading blocks until
 * the socket times out, so each stream queues what it is given and a few sender threads write it
 * out, in order. A client {@link #MAX_BEHIND} live notifications behind is cut off; it resumes with
 * {@code Last-Event-ID}. What a resuming client missed is not queued at once: its stream reads it
 * from the outbox a page at a time as the client takes it, then goes live, so a client however far
 * behind catches up in bounded memory.
 */
@Component
public class LiveStreams implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
  static final int MAX_BEHIND = 1_000;
  private static final int SENDERS = 4;

  private final ExecutorService senders =
      Executors.newFixedThreadPool(SENDERS, WebhookDispatcher.daemon("sse-sender"));

  /**
   * A stream over this emitter, to be published to through {@code registry} once {@link
   * Stream#register registered}; it leaves the registry when it is cut off, fails or ends.
   */
  public Stream open(SseEmitter emitter, Collection<Stream> registry) {
    Stream stream = new Stream(senders, MAX_BEHIND, emitter::send, emitter::complete, registry);
    emitter.onCompletion(stream::cancel);
    emitter.onTimeout(stream::cancel);
    emitter.onError(e -> stream.cancel());
    return stream;
  }

  @Override
  public void destroy() {
    senders.shutdownNow();
  }

  /** Writes one event to the client; may block as long as the client does not read. */
  interface Writer {
    void write(SseEmitter.SseEventBuilder event) throws IOException;
  }

  /** One event of a stream, in the stream's order. */
  public record Event(long sequence, SseEmitter.SseEventBuilder sse) {}

  /** What a client missed: the next page of events after {@code sequence}; empty once caught up. */
  public interface Backlog {
    List<Event> after(long sequence);
  }

  /** One client's stream: a bounded queue, drained in order by at most one sender at a time. */
  public static final class Stream {
    private final java.util.concurrent.Executor senders;
    private final int maxBehind;
    private final Writer writer;
    private final Runnable complete;
    private final Collection<Stream> registry;
    // guarded by this
    private final Queue<SseEmitter.SseEventBuilder> pending = new ArrayDeque<>();
    private boolean draining;
    private volatile boolean closed;
    private long lastQueued = Long.MIN_VALUE;
    private Backlog backlog; // while catching up; null once live

    Stream(
        java.util.concurrent.Executor senders,
        int maxBehind,
        Writer writer,
        Runnable complete,
        Collection<Stream> registry) {
      this.senders = senders;
      this.maxBehind = maxBehind;
      this.writer = writer;
      this.complete = complete;
      this.registry = registry;
    }

    /** Joins the registry, live. */
    public void register() {
      registry.add(this);
    }

    /**
     * Joins the registry catching up: what came after {@code lastSeen} is read from {@code backlog}
     * page by page as the client takes it. Notifications published meanwhile are in the backlog
     * too, so they are left to it; once a page comes back empty the stream is live.
     */
    public synchronized void register(long lastSeen, Backlog backlog) {
      this.backlog = backlog;
      this.lastQueued = lastSeen;
      registry.add(this);
      draining = true;
      senders.execute(this::drain);
    }

    /** The client went away or the response ended. */
    synchronized void cancel() {
      pending.clear();
      close(false);
    }

    /**
     * Queues an event and returns at once. {@code sequence} orders the stream: an event at or below
     * one already queued is a repeat (a notification both replayed and pushed) and is dropped.
     */
    public synchronized void offer(long sequence, SseEmitter.SseEventBuilder event) {
      if (closed || backlog != null || sequence <= lastQueued) {
        return;
      }
      if (pending.size() >= maxBehind) {
        log.warn("an event stream fell {} notifications behind; cutting it off", maxBehind);
        pending.clear();
        close(true);
        return;
      }
      pending.add(event);
      lastQueued = sequence;
      if (!draining) {
        draining = true;
        senders.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        SseEmitter.SseEventBuilder next;
        synchronized (this) {
          next = closed ? null : pending.poll();
          if (next == null && !closed && backlog != null) {
            next = nextPageOfBacklog();
          }
          if (next == null) {
            draining = false;
            return;
          }
        }
        try {
          writer.write(next); // outside the lock: it blocks while the client does not read
        } catch (IOException | IllegalStateException gone) {
          synchronized (this) {
            pending.clear();
            close(true);
          }
        }
      }
    }

    /**
     * Queues the backlog's next page and answers its first event; or, caught up, goes live and
     * answers null. Under the stream's lock, so that a notification pushed while this reads is
     * either in the page or, being later, queued live after it.
     */
    private SseEmitter.SseEventBuilder nextPageOfBacklog() {
      List<Event> page = backlog.after(lastQueued);
      if (page.isEmpty()) {
        backlog = null;
        return null;
      }
      for (Event event : page) {
        if (event.sequence() > lastQueued) {
          pending.add(event.sse());
          lastQueued = event.sequence();
        }
      }
      return pending.poll();
    }

    /** Stops the stream; completing the response goes to a sender, never the caller's thread. */
    private void close(boolean complete) {
      if (closed) {
        return;
      }
      closed = true;
      registry.remove(this);
      if (complete) {
        senders.execute(
            () -> {
              try {
                this.complete.run();
              } catch (RuntimeException alreadyGone) {
                // the client went away meanwhile
              }
            });
      }
    }

    boolean isClosed() {
      return closed;
    }
  }
}
