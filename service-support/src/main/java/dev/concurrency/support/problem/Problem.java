package dev.concurrency.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An RFC 9457 problem: {@code {"type","title","status","detail","code"}} plus optional fields. */
@JsonPropertyOrder({"type", "title", "status", "detail", "code"})
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final ProblemCode problem;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(ProblemCode problem, String detail) {
        this.problem = problem;
        this.detail = detail;
    }

    public static Problem of(ProblemCode problem, String detail) {
        return new Problem(problem, detail);
    }

    public Problem withAll(Map<String, Object> fields) {
        extensions.putAll(fields);
        return this;
    }

    public String getType() {
        return "/problems/" + problem.code().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String getTitle() {
        return problem.title();
    }

    public int getStatus() {
        return problem.status();
    }

    public String getDetail() {
        return detail;
    }

    public String getCode() {
        return problem.code();
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    public Response toResponse() {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(this).build();
    }
}
