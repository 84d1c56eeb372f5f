package io.lcledger.node.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.node.documents.DocumentRefused;
import io.lcledger.node.ledger.LedgerException;
import io.lcledger.node.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Maps every failure to problem+json with its code; the ledger's codes pass through unchanged. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(LedgerException.Rejected.class)
  ResponseEntity<ProblemDetail> rejected(LedgerException.Rejected e) {
    return problem(statusOf(e.code()), e.code(), e.detail());
  }

  /**
   * Endorsed but not committed: nothing was written. A conflict with a concurrent step may succeed
   * when retried (409); a policy failure will not (422); a commit not seen in time is unknown and
   * is looked up by its transaction (503, retry later).
   */
  @ExceptionHandler(LedgerException.CommitFailed.class)
  ResponseEntity<ProblemDetail> commitFailed(LedgerException.CommitFailed e) {
    log.warn("transaction {} failed at commit: {}", e.txId(), e.reason());
    HttpStatus status =
        switch (e.reason()) {
          case MVCC_READ_CONFLICT -> HttpStatus.CONFLICT;
          case ENDORSEMENT_POLICY_FAILURE -> HttpStatus.UNPROCESSABLE_ENTITY;
          case TIMEOUT -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    return problem(status, e.reason().name(), e.getMessage());
  }

  /** The same answer the idempotency filter gives when the node's own record tells. */
  @ExceptionHandler(LedgerException.KeyReused.class)
  ResponseEntity<ProblemDetail> keyReused(LedgerException.KeyReused e, HttpServletRequest request) {
    request.setAttribute(IdempotencyFilter.TAKEN_ON_LEDGER, Boolean.TRUE);
    return problem(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED", IdempotencyFilter.REUSED);
  }

  @ExceptionHandler(LcException.class)
  ResponseEntity<ProblemDetail> invalid(LcException e) {
    return problem(statusOf(e.code().name()), e.code().name(), e.detail());
  }

  @ExceptionHandler(DocumentRefused.class)
  ResponseEntity<ProblemDetail> document(DocumentRefused e) {
    HttpStatus status =
        switch (e.reason()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case NOT_UPLOADED, DIGEST_MISMATCH -> HttpStatus.UNPROCESSABLE_ENTITY;
          case ALREADY_PRESENTED -> HttpStatus.CONFLICT;
          case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
          case HOLDER_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    return problem(status, e.reason().code(), e.getMessage());
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail body = Problems.of(e.status(), e.code(), e.getMessage());
    if (!e.errors().isEmpty()) {
      body.setProperty("errors", e.errors());
    }
    return respond(e.status(), body);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> validation(MethodArgumentNotValidException e) {
    List<Map<String, String>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    return respond(HttpStatus.BAD_REQUEST, Problems.validation(errors));
  }

  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    MissingServletRequestParameterException.class,
    MissingServletRequestPartException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ProblemDetail> unreadable(Exception e) {
    if (RequestBodyLimit.exceeded(e)) {
      return bodyTooLarge();
    }
    String field = "body";
    String message = e.getMessage();
    if (e instanceof HttpMessageNotReadableException) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof LcException refused) {
          // a bound of the ledger's own, checked while reading: its code, not a generic one
          return invalid(refused);
        }
      }
      message = "malformed JSON or a field of the wrong type";
      if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        field = fieldOf(mapping);
      }
    }
    return respond(
        HttpStatus.BAD_REQUEST,
        Problems.validation(List.of(Map.of("field", field, "message", message))));
  }

  /** The JSON path of the offending field, such as {@code applicant.name} or {@code items[2]}. */
  private static String fieldOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
    return problem(
        HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the document exceeds the size limit");
  }

  /** A multipart body the container cannot parse (no boundary, truncated, not multipart). */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
    if (RequestBodyLimit.exceeded(e)) {
      return bodyTooLarge();
    }
    return respond(
        HttpStatus.BAD_REQUEST,
        Problems.validation(
            List.of(Map.of("field", "body", "message", "not a well-formed multipart body"))));
  }

  /** {@code @Min}/{@code @Max} and the like on query parameters and path variables. */
  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> parameters(HandlerMethodValidationException e) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (ParameterValidationResult result : e.getParameterValidationResults()) {
      String field = result.getMethodParameter().getParameterName();
      for (MessageSourceResolvable error : result.getResolvableErrors()) {
        errors.add(
            Map.of(
                "field",
                String.valueOf(field),
                "message",
                String.valueOf(error.getDefaultMessage())));
      }
    }
    return respond(HttpStatus.BAD_REQUEST, Problems.validation(errors));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraints(ConstraintViolationException e) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(
                v -> {
                  String path = v.getPropertyPath().toString();
                  return Map.of(
                      "field",
                      path.substring(path.lastIndexOf('.') + 1),
                      "message",
                      v.getMessage());
                })
            .toList();
    return respond(HttpStatus.BAD_REQUEST, Problems.validation(errors));
  }

  /**
   * An event stream's connection closing (node shutdown, client gone: a portal page closed)
   * surfaces as an async timeout, or as a response no longer usable, on a response that is already
   * streaming: nothing to answer and nothing wrong (it was logged as a failed request).
   */
  @ExceptionHandler({AsyncRequestTimeoutException.class, AsyncRequestNotUsableException.class})
  ResponseEntity<ProblemDetail> streamClosed(Exception e) {
    log.debug("event stream closed", e);
    return null;
  }

  /**
   * Everything else: Spring's own refusals (405, 406, 415, unknown paths, missing headers) keep
   * their status with a code; anything unexpected is a 500 problem, logged, never a stack trace.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> other(Exception e) {
    if (e instanceof ErrorResponse spring) {
      HttpStatus status = HttpStatus.resolve(spring.getStatusCode().value());
      status = status == null ? HttpStatus.BAD_REQUEST : status;
      if (status.is5xxServerError()) {
        log.error("request failed", e);
      }
      return ResponseEntity.status(status)
          .headers(spring.getHeaders())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(Problems.of(status, codeOf(status), spring.getBody().getDetail()));
    }
    if (RequestBodyLimit.exceeded(e)) {
      return bodyTooLarge();
    }
    log.error("request failed", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "the node could not answer this request");
  }

  /** The code of a status the node answers without a more specific reason. */
  public static String codeOf(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "VALIDATION_FAILED";
      case UNAUTHORIZED -> "UNAUTHENTICATED";
      case FORBIDDEN -> "NOT_AUTHORIZED";
      case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
      case INTERNAL_SERVER_ERROR -> "INTERNAL_ERROR";
      default -> status.name();
    };
  }

  private static ResponseEntity<ProblemDetail> bodyTooLarge() {
    return problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "the request body exceeds the size limit");
  }

  @ExceptionHandler(LedgerException.Unavailable.class)
  ResponseEntity<ProblemDetail> unavailable(LedgerException.Unavailable e) {
    log.error("ledger unavailable", e);
    ProblemDetail body =
        Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  static HttpStatus statusOf(String code) {
    try {
      return statusOf(ErrorCode.valueOf(code).kind());
    } catch (IllegalArgumentException unknown) {
      return HttpStatus.UNPROCESSABLE_ENTITY;
    }
  }

  /** How the node answers each kind of refusal. */
  static HttpStatus statusOf(ErrorCode.Kind kind) {
    return switch (kind) {
      case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
      case RULE_BROKEN -> HttpStatus.UNPROCESSABLE_ENTITY;
      case NOT_PERMITTED -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case WRONG_STATE -> HttpStatus.CONFLICT;
      case NOT_CONFIGURED -> HttpStatus.SERVICE_UNAVAILABLE;
      case UNREADABLE -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String code, String detail) {
    return respond(status, Problems.of(status, code, detail));
  }

  private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ProblemDetail body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
