package dev.crm.contactaccount.api;

import static dev.crm.contactaccount.api.LeadQualificationTest.ALICE;
import static dev.crm.contactaccount.api.LeadQualificationTest.as;
import static dev.crm.contactaccount.api.LeadQualificationTest.id;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class ContactAccountApiTest {

    static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";

    @Test
    void createContactWithLastNameOnlyIsOwnedByTheCaller() {
        String last = "Solo-" + id();
        as(ALICE)
                .body("{\"lastName\":\"" + last + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/contacts/"))
                .header("ETag", "\"1\"")
                .body("lastName", equalTo(last))
                .body("ownerId", equalTo("alice"))
                .body("version", equalTo(1));
        as(ALICE).get("/api/v1/contacts?q=" + last).then().body("items.lastName", contains(last));
    }

    @Test
    void invalidContactsAndAccountsAreA400NamingTheField() {
        as(ALICE)
                .body("{\"firstName\":\"Jane\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("lastName"));
        as(ALICE)
                .body("{\"lastName\":\"Doe\",\"email\":\"not-an-email\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        as(ALICE)
                .body("{\"name\":\"" + "x".repeat(161) + "\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.reason", hasItem(containsString("160")));
        as(ALICE)
                .body("{\"lastName\":\"Doe\",\"parentAccountId\":\"" + id() + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("parentAccountId"));
    }

    @Test
    void likelyDuplicateContactIsRefusedWithTheMatchesUnlessIgnored() {
        String last = "Dup-" + id();
        String email = last.toLowerCase() + "@doe.example";
        String first = as(ALICE)
                .body("{\"firstName\":\"Jon\",\"lastName\":\"" + last + "\",\"email\":\"" + email + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // same e-mail in another case
        as(ALICE)
                .body("{\"lastName\":\"Other\",\"email\":\"" + email.toUpperCase() + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("duplicates-found"))
                .body("duplicates.contacts.id", contains(first));
        // same name with accents and case changed
        as(ALICE)
                .body("{\"firstName\":\"JÔN\",\"lastName\":\"" + last.toUpperCase() + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(409)
                .body("duplicates.contacts.id", contains(first));
        as(ALICE)
                .get("/api/v1/contacts/duplicates?firstName=jon&lastName=" + last)
                .then()
                .statusCode(200)
                .body("id", contains(first));

        as(ALICE)
                .body("{\"firstName\":\"Jon\",\"lastName\":\"" + last + "\"}")
                .post("/api/v1/contacts?ignoreDuplicates=true")
                .then()
                .statusCode(201);
        as(ALICE)
                .get("/api/v1/contacts/duplicates?firstName=Jon&lastName=" + last)
                .then()
                .body("", hasSize(2));
    }

    @Test
    void likelyDuplicateAccountIsFoundByItsNormalisedName() {
        String name = "Test Coffee Shop " + id().substring(0, 8);
        String first = as(ALICE)
                .body("{\"name\":\"" + name + ", Inc.\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(ALICE)
                .body("{\"name\":\"" + name.toUpperCase() + " inc\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(409)
                .body("code", equalTo("duplicates-found"))
                .body("duplicates.accounts.id", contains(first));
        as(ALICE)
                .get("/api/v1/accounts/duplicates?name=" + name + " LLC")
                .then()
                .body("id", contains(first));
        as(ALICE)
                .get("/api/v1/accounts/duplicates?name=" + name + " Roasters")
                .then()
                .body("", hasSize(0));
    }

    @Test
    void contactJoinsAndLeavesAnAccountThroughAMergePatch() {
        String accountId = as(ALICE)
                .body("{\"name\":\"Patch Co " + id() + "\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String contactId = as(ALICE)
                .body("{\"lastName\":\"Patch-" + id() + "\"}")
                .post("/api/v1/contacts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        as(ALICE)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body("{\"parentAccountId\":\"" + accountId + "\",\"jobTitle\":\"Buyer\"}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("parentAccountId", equalTo(accountId))
                .body("jobTitle", equalTo("Buyer"));
        as(ALICE).get("/api/v1/contacts?accountId=" + accountId).then().body("items.id", contains(contactId));

        as(ALICE)
                .contentType(MERGE_PATCH)
                .header("If-Match", "\"1\"")
                .body("{\"jobTitle\":\"Chef\"}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(409)
                .body("code", equalTo("stale-version"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"parentAccountId\":\"" + contactId + "\"}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("parentAccountId"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"parentAccountId\":null}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(200)
                .body("parentAccountId", nullValue());
        as(ALICE)
                .get("/api/v1/contacts/" + contactId + "/history")
                .then()
                .body(
                        "type",
                        contains(
                                "crm.contact.created.v1",
                                "crm.contact.updated.v1",
                                "crm.contact.linked-to-account.v1",
                                "crm.contact.unlinked-from-account.v1"));
        as(ALICE)
                .contentType(MERGE_PATCH)
                .body("{\"originatingLeadId\":\"x\"}")
                .patch("/api/v1/contacts/" + contactId)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("originatingLeadId"));
    }

    @Test
    void onlyTheOwnerOrASalesManagerChangesARecordAndOnlyAManagerReassigns() {
        String accountId = as(ALICE)
                .body("{\"name\":\"Owned " + id() + "\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(TestTokens.salesperson("bob"))
                .contentType(MERGE_PATCH)
                .body("{\"industry\":\"Food\"}")
                .patch("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(403)
                .body("code", equalTo("not-owner"));
        as(TestTokens.manager("maria"))
                .contentType(MERGE_PATCH)
                .body("{\"industry\":\"Food\"}")
                .patch("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("industry", equalTo("Food"));
        as(ALICE)
                .body("{\"ownerId\":\"bob\"}")
                .post("/api/v1/accounts/" + accountId + "/assign")
                .then()
                .statusCode(403);
        as(TestTokens.manager("maria"))
                .body("{\"ownerId\":\"bob\"}")
                .post("/api/v1/accounts/" + accountId + "/assign")
                .then()
                .statusCode(200)
                .body("ownerId", equalTo("bob"));
    }

    @Test
    void anAccountIdIsNotAContact() {
        String accountId = as(ALICE)
                .body("{\"name\":\"Not a person " + id() + "\"}")
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(ALICE).get("/api/v1/contacts/" + accountId).then().statusCode(404).contentType("application/problem+json");
        as(ALICE).get("/api/v1/accounts/" + accountId).then().statusCode(200);
    }
}
