package io.fastimage.web;

import io.fastimage.operator.SelfEnsemble;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /v3/api-docs} says beyond what springdoc reads from the controllers: the service's name and version,
 * the query options of {@code apply} and {@code compare} (read from the query string by hand, so springdoc cannot see
 * them), and the problem+json answers (RFC 9457) of every API operation.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Bean
    OpenAPI serviceDescription() {
        String version = ApiDocumentation.class.getPackage().getImplementationVersion();
        return new OpenAPI().info(new Info().title("fastimage")
                .version(version == null ? "development build" : version)
                .description("Photo operators (L0 smoothing, dehazing, pencil drawing, ...) computed exactly or by "
                        + "trained networks (mode=fast). Errors are application/problem+json with a stable type "
                        + "(urn:fastimage:problem:*), listed in the project's README."));
    }

    /** The query options of apply and compare, and the problem answers of every operation of the API. */
    @Bean
    OperationCustomizer queryOptionsAndProblems() {
        return (operation, handler) -> {
            Class<?> controller = handler.getBeanType();
            if (controller != OperatorController.class && controller != LimitsController.class) {
                return operation;
            }
            String method = handler.getMethod().getName();
            if (method.startsWith("apply")) {
                query(operation, "mode", "fast (a trained network, the default) or exact (the exact operator)",
                        new StringSchema()._enum(List.of("fast", "exact")));
                query(operation, "format", "encoding of the answer (default png)",
                        new StringSchema()._enum(List.of("png", "jpeg", "webp")));
                query(operation, "quality", "JPEG and WebP quality, 1-100", new IntegerSchema().minimum(
                        java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(100)));
            }
            if (method.startsWith("apply") || method.startsWith("compare")) {
                query(operation, "variant", "which network of the operator (mode=fast; GET /api/v1/operators/{id} "
                        + "lists them under model.variants; default: model.variant)", new StringSchema());
                query(operation, "ensemble", "average the network over this many flips and turns of the photo "
                        + "(mode=fast; each member one more inference)", new IntegerSchema()._enum(
                        List.<Number>copyOf(SelfEnsemble.SIZES)));
                add(operation, new Parameter().in("query").name("parameters").style(Parameter.StyleEnum.FORM)
                        .explode(true).description("the operator's parameters by name, e.g. lambda=0.02 (mode=exact: "
                                + "any in the operator's parameters; mode=fast: those the variant lists, within its "
                                + "trained range)")
                        .schema(new ObjectSchema().additionalProperties(new StringSchema())));
                // The raw-body and the multipart handler share one operation; its body is either.
                RequestBody body = operation.getRequestBody() == null ? new RequestBody() : operation.getRequestBody();
                Content content = body.getContent() == null ? new Content() : body.getContent();
                content.putIfAbsent("image/*", new MediaType().schema(new StringSchema().format("binary")));
                operation.requestBody(body.content(content).required(true));
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            responses.addApiResponse("4XX", problem("the request cannot be served as sent (type says why)"));
            responses.addApiResponse("5XX", problem("the service cannot serve it now (503 with Retry-After: timeout, "
                    + "operator-unavailable) or failed (500 internal)"));
            return operation.responses(responses);
        };
    }

    private static void query(io.swagger.v3.oas.models.Operation operation, String name, String description,
                              Schema<?> schema) {
        add(operation, new Parameter().in("query").name(name).required(false).description(description).schema(schema));
    }

    /** Adds {@code parameter} once: springdoc merges the raw-body and the multipart handler into one operation. */
    private static void add(io.swagger.v3.oas.models.Operation operation, Parameter parameter) {
        if (operation.getParameters() == null
                || operation.getParameters().stream().noneMatch(p -> p.getName().equals(parameter.getName()))) {
            operation.addParametersItem(parameter);
        }
    }

    private static ApiResponse problem(String description) {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new StringSchema().description("stable, e.g. urn:fastimage:problem:undecodable"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what was wrong, for people"))
                .addProperty("instance", new StringSchema());
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problem)));
    }
}
