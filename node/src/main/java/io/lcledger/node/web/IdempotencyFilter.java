package io.lcledger.node.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcledger.node.config.DurableCommits;
import io.lcledger.node.config.NodeProperties;
import io.lcledger.node.identity.CallerPrincipal;
import io.lcledger.node.ledger.RequestKeys;
import io.lcledger.node.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST: the same key with the same request returns the first
 * response again and submits nothing; the same key with another request is 409
 * IDEMPOTENCY_KEY_REUSED. Responses are kept in the node's database, so a retry after a node
 * restart, or on another node of the branch sharing the database, is safe too. Server errors are
 * not kept: the client's retry then really retries, under the same key, which the ledger sees
 * ({@link RequestKeys}) so that a step it already took is not taken twice.
 */
public class IdempotencyFilter extends OncePerRequestFilter {
  static final String HEADER = "Idempotency-Key";

  /** The longest key accepted (as published in the OpenAPI document). */
  public static final int MAX_KEY_LENGTH = 256;

  /**
   * Set on a request the ledger refused because another request took its key: its claim is let go
   * rather than answered, so the request that took the key may still retry under it.
   */
  static final String TAKEN_ON_LEDGER = IdempotencyFilter.class.getName() + ".takenOnLedger";

  static final String REUSED = "this Idempotency-Key was used with a different request";

  private final IdempotencyRecords records;
  private final Problems problems;
  // requests under one key run one at a time on a node
  private final KeyLocks keys = new KeyLocks();

  public IdempotencyFilter(
      NodeProperties properties,
      ObjectMapper json,
      Problems problems,
      JdbcClient db,
      DurableCommits durable)
      throws IOException {
    this.records = new IdempotencyRecords(db, durable);
    this.problems = problems;
    records.importFiles(properties.dataDir().resolve("idempotency"), json);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !(auth.getPrincipal() instanceof CallerPrincipal caller)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getHeader(HEADER).length() > MAX_KEY_LENGTH) {
      problems.write(
          response,
          HttpStatus.BAD_REQUEST,
          "VALIDATION_FAILED",
          "an Idempotency-Key has at most " + MAX_KEY_LENGTH + " characters");
      return;
    }
    boolean multipart =
        request.getContentType() != null
            && request.getContentType().regionMatches(true, 0, "multipart/", 0, 10);
    if (multipart) {
      // parsed here as Spring MVC would, so a malformed or oversized body is a problem, not a 500;
      // Spring MVC then uses this parsed request as it is
      try {
        request = new StandardMultipartHttpServletRequest(request);
      } catch (MaxUploadSizeExceededException e) {
        problems.write(
            response,
            HttpStatus.PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "the document exceeds the size limit");
        return;
      } catch (MultipartException e) {
        problems.write(
            response,
            HttpStatus.BAD_REQUEST,
            "VALIDATION_FAILED",
            "not a well-formed multipart body");
        return;
      }
    }
    // a multipart body is parsed (and kept) by the container; hash its parts instead of the stream
    byte[] body = multipart ? partsDigest(request) : request.getInputStream().readAllBytes();
    String requestHash =
        sha256(
            request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString(),
            body);
    String id =
        sha256(
            caller.name() + "|" + caller.branch() + "|" + request.getHeader(HEADER), new byte[0]);
    try (KeyLocks.Lease turn = keys.acquire(id)) {
      // an earlier attempt that got no answer (a crash, a 5xx) bound the key to its request, whose
      // step the ledger may have taken: only that request may use the key again
      IdempotencyRecords.Kept kept = records.claim(id, requestHash);
      if (!kept.requestHash().equals(requestHash)) {
        reused(response);
        return;
      }
      if (kept.status() != null) {
        response.setStatus(kept.status());
        if (kept.contentType() != null) {
          response.setContentType(kept.contentType());
        }
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(kept.body());
        return;
      }
      ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
      try (RequestKeys.Scope bound = RequestKeys.bind(id, requestHash, claimOnDisk())) {
        chain.doFilter(multipart ? request : new CachedBodyRequest(request, body), captured);
      }
      if (request.getAttribute(TAKEN_ON_LEDGER) != null) {
        records.release(id, requestHash);
      } else if (captured.getStatus() < 500) {
        records.answer(
            id, captured.getStatus(), captured.getContentType(), captured.getContentAsByteArray());
      }
      captured.copyBodyToResponse();
    }
  }

  /** What writes this request's claim to disk before its first effect, once. */
  private Runnable claimOnDisk() {
    boolean[] written = {false}; // one request, one thread
    return () -> {
      if (!written[0]) {
        records.flush();
        written[0] = true;
      }
    };
  }

  private void reused(HttpServletResponse response) throws IOException {
    problems.write(response, HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED", REUSED);
  }

  private static byte[] partsDigest(HttpServletRequest request)
      throws IOException, ServletException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Part part : request.getParts()) {
        digest.update(
            (part.getName() + "|" + part.getSubmittedFileName() + "|")
                .getBytes(StandardCharsets.UTF_8));
        try (var in = part.getInputStream()) {
          digest.update(in.readAllBytes());
        }
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String head, byte[] body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(head.getBytes(StandardCharsets.UTF_8));
      digest.update(body);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request with its body already read, readable again downstream. */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
