package io.lcledger.node.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A refusal decided by the node itself (not the ledger), with its status and code. */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final HttpStatus status;
  private final String code;
  private final transient List<Map<String, String>> errors;

  public ApiException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  /** A refusal that names each offending field: {@code errors} as [{field, message}]. */
  public ApiException(
      HttpStatus status, String code, String detail, List<Map<String, String>> errors) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  public List<Map<String, String>> errors() {
    return errors;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }
}
