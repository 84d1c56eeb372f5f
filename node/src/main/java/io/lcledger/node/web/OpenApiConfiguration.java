package io.lcledger.node.web;

import io.lcledger.chaincode.domain.Money;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The published contract (/v3/api-docs, Swagger UI): bearer tokens on every API call, and exactly
 * what goes over the wire: Money as a decimal string, each operation's real statuses, and every
 * error as application/problem+json.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "LC ledger node",
            version = "v1",
            description =
                "Domestic letters of credit (国内信用证) between bank branches: every step is one ledger"
                    + " transaction. Errors are application/problem+json with a machine-readable code."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
class OpenApiConfiguration {
  static final String PROBLEM = "application/problem+json";

  /** A complete, valid LC: what a client generator or a contract test can start from. */
  static final Map<String, Object> ISSUE_EXAMPLE =
      Map.ofEntries(
          Map.entry("lcNumber", "LC-EXAMPLE-1"),
          Map.entry("advisingBranch", "yangzhou"),
          Map.entry("applicant", Map.of("name", "上海申达贸易有限公司", "uscc", "91310000132200821H")),
          Map.entry("beneficiary", Map.of("name", "扬州远洋钢材有限公司", "uscc", "91321003MA1WCB7N6N")),
          Map.entry("amount", "1000000.00"),
          Map.entry("currency", "CNY"),
          Map.entry("tolerancePercent", 5),
          Map.entry("expiryDate", "2099-06-30"),
          Map.entry("expiryPlace", "扬州"),
          Map.entry("latestShipmentDate", "2099-06-15"),
          Map.entry("presentationPeriodDays", 15),
          Map.entry("paymentTerms", Map.of("type", "SIGHT")),
          Map.entry("partialShipmentsAllowed", true),
          Map.entry("goodsDescription", "Cold-rolled steel coils"),
          Map.entry("requiredDocuments", List.of(Map.of("type", "INVOICE", "copies", 3))));

  static {
    // Money is serialised as a string (MoneyJson), not as the record it is in Java
    SpringDocUtils.getConfig()
        .replaceWithSchema(Money.class, new Schema<>().$ref("#/components/schemas/Money"));
  }

  @Bean
  OpenApiCustomizer wireContract() {
    return openApi -> {
      openApi
          .getComponents()
          .addSchemas(
              "Money",
              new StringSchema()
                  .pattern("^[0-9]+\\.[0-9]{2}$")
                  .description("CNY, a decimal string with exactly two places")
                  .example("1000000.00"))
          .addSchemas("Problem", problemSchema());
      Schema<?> issue = openApi.getComponents().getSchemas().get("IssueLc");
      if (issue != null) {
        issue.setExample(ISSUE_EXAMPLE);
      }
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach(
                          (method, operation) -> {
                            boolean post =
                                method == io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
                            ApiResponses responses = operation.getResponses();
                            problem(responses, "400", "Malformed or invalid request");
                            problem(responses, "401", "No or unknown bearer token");
                            if (post) {
                              problem(responses, "403", "This branch or role may not do this");
                            }
                            // also on issue: a number taken by someone else's LC is not told
                            problem(responses, "404", "No such thing, or not the caller's");
                            if (post) {
                              problem(
                                  responses,
                                  "409",
                                  "Not allowed in the current state, a duplicate, or an"
                                      + " Idempotency-Key reused with another request");
                              problem(responses, "413", "The body exceeds the size limit");
                              problem(responses, "415", "Unsupported content type");
                            }
                            problem(responses, "422", "A business rule is broken");
                            problem(responses, "503", "The ledger is unreachable (Retry-After)");
                            if (post) {
                              operation.addParametersItem(
                                  new HeaderParameter()
                                      .name("Idempotency-Key")
                                      .required(false)
                                      .description(
                                          "The same key with the same request returns the first"
                                              + " response again and submits nothing new")
                                      .schema(
                                          new StringSchema()
                                              .maxLength(IdempotencyFilter.MAX_KEY_LENGTH)));
                            }
                            sortResponses(operation);
                          }));
    };
  }

  private static void problem(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(
          status,
          new ApiResponse()
              .description(description)
              .content(
                  new Content()
                      .addMediaType(
                          PROBLEM,
                          new io.swagger.v3.oas.models.media.MediaType()
                              .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }
  }

  private static void sortResponses(io.swagger.v3.oas.models.Operation operation) {
    Map<String, ApiResponse> sorted = new TreeMap<>(operation.getResponses());
    ApiResponses responses = new ApiResponses();
    sorted.forEach(responses::addApiResponse);
    operation.setResponses(responses);
  }

  /** RFC 9457 problem details with the node's {@code code} and validation {@code errors}. */
  private static Schema<?> problemSchema() {
    ObjectSchema fieldError = new ObjectSchema();
    fieldError.addProperty("field", new StringSchema());
    fieldError.addProperty("message", new StringSchema());
    ObjectSchema problem = new ObjectSchema();
    problem.description("An error (RFC 9457), with a machine-readable code");
    problem.addProperty("type", new StringSchema().format("uri"));
    problem.addProperty("title", new StringSchema());
    problem.addProperty("status", new IntegerSchema());
    problem.addProperty("detail", new StringSchema().nullable(true));
    problem.addProperty("instance", new StringSchema().format("uri-reference"));
    problem.addProperty("code", new StringSchema().pattern("^[A-Z][A-Z0-9_]*$"));
    problem.addProperty("errors", new ArraySchema().items(fieldError));
    problem.setRequired(List.of("type", "title", "status", "code"));
    return problem;
  }
}
