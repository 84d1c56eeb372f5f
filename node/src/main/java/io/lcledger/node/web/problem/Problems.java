package io.lcledger.node.web.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * RFC 9457 problem details with the machine-readable {@code code} every error carries, and {@code
 * errors: [{field, message}]} for validation.
 */
@Component
public class Problems {
  private final ObjectMapper json;

  public Problems(ObjectMapper json) {
    this.json = json;
  }

  public static ProblemDetail of(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(
        URI.create("https://lcledger.io/problems/" + code.toLowerCase().replace('_', '-')));
    problem.setTitle(title(code));
    problem.setProperty("code", code);
    return problem;
  }

  public static ProblemDetail validation(List<Map<String, String>> errors) {
    ProblemDetail problem =
        of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "the request is not valid");
    problem.setProperty("errors", errors);
    return problem;
  }

  /** Writes a problem outside Spring MVC (security filters). */
  public void write(HttpServletResponse response, HttpStatus status, String code, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), of(status, code, detail));
  }

  private static String title(String code) {
    String words = code.replace('_', ' ').toLowerCase();
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
