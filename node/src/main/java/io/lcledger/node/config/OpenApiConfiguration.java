package io.lcledger.node.config;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The published contract (/v3/api-docs, Swagger UI): bearer tokens on every API call. */
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
class OpenApiConfiguration {}
