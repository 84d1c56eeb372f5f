package io.lcledger.node.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.lcledger.chaincode.domain.ErrorCode;
import io.lcledger.chaincode.domain.LcException;
import io.lcledger.node.ledger.LedgerRejectedException;
import io.lcledger.node.ledger.LedgerUnavailableException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Maps every failure to problem+json with its code; the ledger's codes pass through unchanged. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(LedgerRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(LedgerRejectedException e) {
    return problem(statusOf(e.code()), e.code(), e.detail());
  }

  @ExceptionHandler(LcException.class)
  ResponseEntity<ProblemDetail> invalid(LcException e) {
    return problem(statusOf(e.code().name()), e.code().name(), e.detail());
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return problem(e.status(), e.code(), e.getMessage());
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

  @ExceptionHandler(LedgerUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(LedgerUnavailableException e) {
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
      return HttpStatus.valueOf(ErrorCode.valueOf(code).httpStatus());
    } catch (IllegalArgumentException unknown) {
      return HttpStatus.UNPROCESSABLE_ENTITY;
    }
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String code, String detail) {
    return respond(status, Problems.of(status, code, detail));
  }

  private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ProblemDetail body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
