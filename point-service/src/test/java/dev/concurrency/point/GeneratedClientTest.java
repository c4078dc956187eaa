package dev.concurrency.point;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.auth.Tokens;
import dev.concurrency.generated.point.ApiClient;
import dev.concurrency.generated.point.ApiException;
import dev.concurrency.generated.point.api.MembersApi;
import dev.concurrency.generated.point.api.PointsApi;
import dev.concurrency.generated.point.model.AmountRequest;
import dev.concurrency.generated.point.model.CreateMemberRequest;
import dev.concurrency.generated.point.model.MemberView;
import dev.concurrency.generated.point.model.PointsView;
import dev.concurrency.generated.point.model.Problem;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client generated from the stored description (docs/openapi/point-service.yaml, module
 * openapi-clients) against the real service: what a user generates from the repository works,
 * answers and refusals alike.
 */
@QuarkusTest
class GeneratedClientTest extends PointServiceTest {

    @Test
    void aClientGeneratedFromTheStoredDescriptionChargesUsesAndReadsRefusals() throws Exception {
        MemberView member = new MembersApi(client(Identity.admin())).createMember(new CreateMemberRequest().name("Generated"), null);
        PointsApi points = new PointsApi(client(Identity.member(member.getId())));

        PointsView charged = points.chargePoints(member.getId(), new AmountRequest().amount(100L), "generated-1");
        assertEquals(100L, charged.getBalance());
        assertEquals(100L, points.chargePoints(member.getId(), new AmountRequest().amount(100L), "generated-1").getBalance(),
                "a repeat of the key is answered with the first answer");

        ApiException refused = assertThrows(ApiException.class,
                () -> points.usePoints(member.getId(), new AmountRequest().amount(500L), null));
        assertEquals(409, refused.getCode());
        Problem problem = new ObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertEquals("INSUFFICIENT_POINTS", problem.getCode());
        assertEquals(100L, points.getPoints(member.getId()).getBalance());
    }

    private ApiClient client(Identity identity) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        String bearer = Tokens.shared().bearer(identity);
        client.setRequestInterceptor(request -> request.header("Authorization", bearer));
        return client;
    }
}
