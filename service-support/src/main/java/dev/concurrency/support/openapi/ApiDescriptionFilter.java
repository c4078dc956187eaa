package dev.concurrency.support.openapi;

import dev.concurrency.support.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every operation of every service shares, added to the generated description once instead of
 * on each endpoint (docs/api.md#common-rules):
 * <ul>
 *   <li>the {@code Problem} schema, and {@code application/problem+json} with it on every error answer
 *       an endpoint declares (its codes are in the answer's description);</li>
 *   <li>the answers every endpoint can give: 400 bad input, 401, 403, 503 (a dependency down, or
 *       {@code OVERLOADED});</li>
 *   <li>ids as 64-bit integers: the path's {@code id} and the {@code memberId} query (the endpoints take
 *       them as text so that a bad id is a 400 with a problem, not a bare 404 of the router);</li>
 *   <li>the {@code Idempotency-Key} header on the POSTs that honour it.</li>
 * </ul>
 * Registered by {@code mp.openapi.filter} in each service's application.properties.
 */
public class ApiDescriptionFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    /** The descriptions Quarkus gives the answers it adds by itself. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of("Bad Request", "Not Authorized", "Not Allowed");

    /** The answers every operation can give, by status. */
    private static final Map<String, String> COMMON = new TreeMap<>(Map.of(
            "400", "`INVALID_REQUEST` (malformed JSON, a wrong type, a missing field, a bad id, a body over 64 KiB) or "
                    + "`INVALID_AMOUNT` (points or a price out of range): nothing was changed",
            "401", "`UNAUTHENTICATED`: no bearer token, or one that is malformed, expired or not signed by the configured issuer",
            "403", "`FORBIDDEN`: the token's identity or role may not do this",
            "503", "`SERVICE_UNAVAILABLE` (the database, Redis or a peer service did not answer; nothing was applied unless the "
                    + "detail says the outcome is unknown) or `OVERLOADED` (too many requests wait for this key); "
                    + "with `Retry-After`"));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> {
            if (item.getOperations() != null) {
                item.getOperations().forEach((method, operation) -> describe(item, method, operation));
            }
        });
    }

    private static void describe(PathItem item, PathItem.HttpMethod method, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        for (Parameter parameter : parameters) {
            boolean pathId = parameter.getIn() == Parameter.In.PATH && parameter.getName().equals("id");
            boolean memberQuery = parameter.getIn() == Parameter.In.QUERY && parameter.getName().equals("memberId");
            if (pathId || memberQuery) {
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64").minimum(java.math.BigDecimal.ONE));
                parameter.setExample(42);
                parameter.setRequired(true);
            } else if (parameter.getIn() == Parameter.In.QUERY && parameter.getName().equals("limit")) {
                parameter.setSchema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(100)).defaultValue(20));
                parameter.setDescription("page size, 1 to 100");
            } else if (parameter.getIn() == Parameter.In.QUERY && parameter.getName().equals("cursor")) {
                parameter.setDescription("the nextCursor of the previous page; absent for the first page");
            }
        }
        if (method == PathItem.HttpMethod.POST) {
            operation.addParameter(OASFactory.createParameter().name("Idempotency-Key").in(Parameter.In.HEADER).required(false)
                    .description("1 to 255 visible ASCII characters: a repeat of the request with the same key and body gets the "
                            + "first answer, with another body 422 `IDEMPOTENCY_KEY_REUSED` (docs/api.md#idempotency-key)")
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING).minLength(1).maxLength(255))
                    .example("3f0c5c1e-order-17"));
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        Map<String, APIResponse> answers = new TreeMap<>(responses.getAPIResponses());
        COMMON.forEach((status, description) -> {
            APIResponse answer = answers.get(status);
            // Quarkus adds 400, 401 and 403 with a generic one-liner; an endpoint's own description stays
            if (answer == null || GENERIC.contains(answer.getDescription())) {
                answers.put(status, OASFactory.createAPIResponse().description(description));
            }
        });
        answers.forEach((status, answer) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                answer.setContent(problemContent());
            }
        });
        responses.setAPIResponses(answers); // in order of status
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(SchemaType.STRING);
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem. `code` is the stable, machine-readable part; an answer may carry more fields "
                        + "(a refused order carries `orderId`)")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).example("/problems/insufficient-points"))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING).example("Not enough points"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32").example(409))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING)
                        .example("member 42 has 30 points available, 50 needed"))
                .addProperty("code", text.example("INSUFFICIENT_POINTS"))
                .required(List.of("type", "title", "status", "code"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }
}
