package dev.concurrency.support.security;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, for the rules that depend on the data as well as on the role (docs/api.md#authentication): a
 * member acts only as itself ({@code sub} = its member id); an admin may read anything. The role
 * checks that depend on nothing else are the resources' {@code @RolesAllowed}.
 */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The request changes this member's things: only that member may. */
    public void actsAs(long memberId) {
        if (!isMember(memberId)) {
            throw new ApiException(CommonProblem.FORBIDDEN, "only member " + memberId + " may do this");
        }
    }

    /** The request reads this member's things: that member, or an admin. */
    public void reads(long memberId) {
        if (!isMember(memberId) && !token.getGroups().contains(Roles.ADMIN)) {
            throw new ApiException(CommonProblem.FORBIDDEN, "only member " + memberId + " or an admin may read this");
        }
    }

    /** Whether the token holds this role ({@link Roles}). */
    public boolean is(String role) {
        return token.getGroups().contains(role);
    }

    /** The token's subject, for scoping what a caller stored (never null once authenticated). */
    public String subject() {
        String subject = token.getSubject();
        return subject == null ? "" : subject;
    }

    private boolean isMember(long memberId) {
        return token.getGroups().contains(Roles.MEMBER) && Long.toString(memberId).equals(token.getSubject());
    }
}
