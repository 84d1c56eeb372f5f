package io.lcledger.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

/** Which of the node's handlers Spring picks for an exception, as it does for a request. */
class ApiErrorsTest {
  private final ExceptionHandlerMethodResolver handlers =
      new ExceptionHandlerMethodResolver(ApiErrors.class);

  @Test
  void aClientGoneFromAnEventStreamIsNoFailedRequest() {
    Method closed = handlers.resolveMethod(new AsyncRequestTimeoutException());
    assertThat(closed.getName()).isEqualTo("streamClosed");
    assertThat(
            handlers.resolveMethod(
                new AsyncRequestNotUsableException(
                    "Servlet container error notification for disconnected client")))
        .isEqualTo(closed);
  }

  @Test
  void anythingUnexpectedIsStillAFailedRequest() {
    assertThat(handlers.resolveMethod(new IllegalStateException("bug")).getName())
        .isEqualTo("other");
  }
}
