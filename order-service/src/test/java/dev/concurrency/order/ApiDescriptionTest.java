package dev.concurrency.order;

import dev.concurrency.client.StoredDescription;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The OpenAPI description served at /q/openapi is the one stored in docs/openapi/, which clients are generated from. */
@QuarkusTest
class ApiDescriptionTest {

    @Test
    void theServedDescriptionIsTheStoredOne() {
        String served = given().when().get("/q/openapi").then().statusCode(200).extract().asString();
        StoredDescription.assertServedIsStored("order-service", served);
    }
}
