package io.lcledger.node.web;

import io.lcledger.node.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The body size limit ({@code lc.max-request-size}) on the bytes actually read, not on the declared
 * {@code Content-Length}: a chunked body has none. A body that declares more is refused before it
 * is read; one that turns out larger fails its read, and the request is answered 413
 * PAYLOAD_TOO_LARGE. Multipart bodies are bounded by the container's multipart limits instead.
 */
public final class RequestBodyLimit extends OncePerRequestFilter {
  private final long limit;
  private final Problems problems;

  public RequestBodyLimit(long limit, Problems problems) {
    this.limit = limit;
    this.problems = problems;
  }

  /** Thrown by the read that goes past the limit; whoever catches it answers 413. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("request bodies are limited to " + limit + " bytes");
    }
  }

  /** Whether {@code e} was caused by a body over the limit. */
  public static boolean exceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLargeException) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String type = request.getContentType();
    if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > limit) {
      refuse(response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, limit), response);
    } catch (IOException | ServletException | RuntimeException e) {
      // a filter (idempotency) read the body before Spring MVC could answer for it
      if (!exceeded(e) || response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(response);
    }
  }

  private void refuse(HttpServletResponse response) throws IOException {
    problems.write(
        response,
        HttpStatus.PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "request bodies are limited to " + limit + " bytes");
  }

  /** The request whose body stream fails once more than the limit has been read. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLargeException {
      read += n;
      if (read > limit) {
        throw new TooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
