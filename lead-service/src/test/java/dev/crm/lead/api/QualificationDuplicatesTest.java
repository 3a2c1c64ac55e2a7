package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.as;
import static dev.crm.lead.api.LeadApiTest.create;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Qualification against the replica of contacts and accounts that lead-service keeps from their topics. */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class QualificationDuplicatesTest {

    private static final String TOKEN = TestTokens.salesperson("alice");

    /** Publishes a contact and an account as contact-account-service would, and waits until qualify sees them. */
    private static String[] existing(String last, String company, String email) {
        String accountId = UUID.randomUUID().toString();
        String contactId = UUID.randomUUID().toString();
        KafkaTopics.publish(
                new AccountCreated(
                        accountId,
                        "alice",
                        new AccountDetails(
                                company,
                                "https://doe.example",
                                null,
                                null,
                                new Address("1 Pike St", "Seattle", "98101", "WA", "US"),
                                null),
                        null,
                        null),
                0,
                "alice");
        KafkaTopics.publish(
                new ContactCreated(
                        contactId,
                        "alice",
                        new ContactDetails("Jon", last, null, email, null, null, null, null),
                        accountId,
                        null),
                0,
                "alice");
        // a throw-away lead qualified into both answers 400 until the replica has them
        String probe = create(TOKEN, "{\"topic\":\"probe\",\"lastName\":\"Probe\"}");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> as(TOKEN)
                                .body("{\"existingContactId\":\"" + contactId + "\",\"existingAccountId\":\""
                                        + accountId + "\"}")
                                .post("/api/v1/leads/" + probe + "/qualify")
                                .then()
                                .extract()
                                .statusCode()
                        == 200);
        return new String[] {contactId, accountId};
    }

    @Test
    void qualifyIsRefusedWithTheLikelyDuplicatesThenAcceptedWithTheChosenRecords() {
        String last = "Doe-" + UUID.randomUUID().toString().substring(0, 8);
        String[] ids = existing(last, "Doe Inc. " + last, null);
        String lead = create(
                TOKEN,
                "{\"topic\":\"Second coffee machine\",\"firstName\":\"JON\",\"lastName\":\"" + last
                        + "\",\"companyName\":\"doe, inc " + last + "\"}");

        as(TOKEN)
                .body("{}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("duplicates-found"))
                .body("duplicates.contacts.id", contains(ids[0]))
                .body("duplicates.contacts[0].parentAccountId", equalTo(ids[1]))
                .body("duplicates.accounts.id", contains(ids[1]));
        as(TOKEN)
                .get("/api/v1/leads/" + lead)
                .then()
                .body("state", equalTo("OPEN"))
                .body("version", equalTo(1));

        as(TOKEN)
                .body("{\"existingContactId\":\"" + ids[0] + "\",\"existingAccountId\":\"" + ids[1] + "\"}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200)
                .body("contactId", equalTo(ids[0]))
                .body("newContact", equalTo(false))
                .body("accountId", equalTo(ids[1]))
                .body("newAccount", equalTo(false));
        // the lead's own company name stays; its empty address comes from the account
        as(TOKEN)
                .get("/api/v1/leads/" + lead)
                .then()
                .body("state", equalTo("QUALIFIED"))
                .body("companyName", equalTo("doe, inc " + last))
                .body("address.street", equalTo("1 Pike St"));
    }

    @Test
    void onlyTheRecordsToBeCreatedAreCheckedForDuplicates() {
        String last = "Roe-" + UUID.randomUUID().toString().substring(0, 8);
        String[] ids = existing(last, "Roe Ltd " + last, last + "@roe.example");
        // same e-mail, other name: still the same person; the account is chosen, so only the contact is a duplicate
        String lead = create(
                TOKEN,
                "{\"topic\":\"t\",\"lastName\":\"Someone\",\"email\":\"" + last.toUpperCase()
                        + "@ROE.example\",\"companyName\":\"Roe Ltd " + last + "\"}");
        as(TOKEN)
                .body("{\"existingAccountId\":\"" + ids[1] + "\"}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(409)
                .body("duplicates.contacts.id", contains(ids[0]))
                .body("duplicates.accounts", hasSize(0));
        as(TOKEN)
                .body("{\"existingAccountId\":\"" + ids[1] + "\",\"ignoreDuplicates\":true}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200)
                .body("newContact", equalTo(true))
                .body("contactId", not(equalTo(ids[0])))
                .body("accountId", equalTo(ids[1]));
    }

    @Test
    void aLeadWithoutCompanyTakesTheChosenAccountsNameAndAddress() {
        String last = "Poe-" + UUID.randomUUID().toString().substring(0, 8);
        String[] ids = existing(last, "Poe Coffee " + last, null);
        String lead = create(TOKEN, "{\"topic\":\"t\",\"firstName\":\"Ann\",\"lastName\":\"Other-" + last + "\"}");
        as(TOKEN)
                .body("{\"existingAccountId\":\"" + ids[1] + "\"}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(200);
        as(TOKEN)
                .get("/api/v1/leads/" + lead)
                .then()
                .body("companyName", equalTo("Poe Coffee " + last))
                .body("address.city", equalTo("Seattle"))
                .body("qualification.accountId", equalTo(ids[1]));
    }

    @Test
    void anUnknownExistingRecordIsA400NamingTheField() {
        String lead = create(TOKEN, "{\"topic\":\"t\",\"lastName\":\"Nobody-" + UUID.randomUUID() + "\"}");
        as(TOKEN)
                .body("{\"existingContactId\":\"no-such-contact\"}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("existingContactId"));
        as(TOKEN)
                .body("{\"existingAccountId\":\"no-such-account\"}")
                .post("/api/v1/leads/" + lead + "/qualify")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("existingAccountId"));
        as(TOKEN).get("/api/v1/leads/" + lead).then().body("state", equalTo("OPEN"));
    }
}
