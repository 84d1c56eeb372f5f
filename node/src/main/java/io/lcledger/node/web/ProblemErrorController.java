package io.lcledger.node.web;

import io.lcledger.node.web.problem.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that happen outside Spring MVC (in a filter, or in the container) answer problem+json with
 * a code like every other error, not Spring Boot's own JSON; browsers still get an HTML page.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController extends BasicErrorController {

  ProblemErrorController(
      ErrorAttributes errorAttributes,
      ServerProperties server,
      List<ErrorViewResolver> errorViewResolvers) {
    super(errorAttributes, server.getError(), errorViewResolvers);
  }

  @Override
  @RequestMapping
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    HttpStatus status = getStatus(request);
    if (status == HttpStatus.NO_CONTENT) {
      return new ResponseEntity<>(status);
    }
    if (RequestBodyLimit.exceeded(
        (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
      status = HttpStatus.PAYLOAD_TOO_LARGE;
    }
    String detail = status.is5xxServerError() ? "the node could not answer this request" : null;
    ProblemDetail problem =
        Problems.of(
            status, ApiErrors.codeOf(status), detail == null ? status.getReasonPhrase() : detail);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.putAll(problem.getProperties());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
