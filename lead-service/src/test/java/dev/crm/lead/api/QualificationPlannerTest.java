package dev.crm.lead.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.lead.query.AccountReplica;
import dev.crm.lead.query.ContactReplica;
import dev.crm.platform.security.Actor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which fields of chosen records a qualification leaves unfilled, by who qualifies. */
class QualificationPlannerTest {

    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MARIA = new Actor("maria", true);
    private static final LeadRequests.Qualify DEFAULTS = LeadRequests.Qualify.DEFAULTS;

    private static final LeadDetails BOBS_LEAD = LeadDetails.builder()
            .topic("Coffee")
            .firstName("Jon")
            .lastName("Doe")
            .jobTitle("CEO")
            .email("jon@bob.example")
            .businessPhone("+1 555 0100")
            .companyName("Doe Inc.")
            .website("https://bob.example")
            .address(new Address("1 Main St", "Springfield", null, null, "US"))
            .build();
    /** Alice's contact: its job title, e-mail, phone and address are empty; it has no account. */
    private static final ContactReplica.Contact ALICES_CONTACT = new ContactReplica.Contact(
            "contact-a", new ContactDetails("Jon", "Doe", null, null, null, null, null, null), null, "alice");
    /** Alice's account: its website, phone and address are empty; it has no primary contact. */
    private static final AccountReplica.Account ALICES_ACCOUNT = new AccountReplica.Account(
            "account-a", new AccountDetails("Doe Inc.", null, null, null, null, null), null, "alice");

    @Test
    void anotherSalespersonLeavesEveryFieldTheLeadWouldFillAndSaysWhy() {
        List<LeadResponses.NotFilled> left =
                QualificationPlanner.notFilled(BOBS_LEAD, ALICES_CONTACT, ALICES_ACCOUNT, DEFAULTS, BOB);

        assertThat(left)
                .extracting(LeadResponses.NotFilled::recordType, LeadResponses.NotFilled::id)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("contact", "contact-a"),
                        org.assertj.core.groups.Tuple.tuple("account", "account-a"));
        assertThat(left.get(0).fields())
                .containsExactly("jobTitle", "email", "businessPhone", "address", "parentAccountId");
        assertThat(left.get(1).fields()).containsExactly("website", "phone", "address", "primaryContactId");
        assertThat(left.get(0).reason()).contains("owner of contact contact-a");
    }

    @Test
    void theOwnerAndASalesManagerLeaveNothing() {
        assertThat(QualificationPlanner.notFilled(BOBS_LEAD, ALICES_CONTACT, ALICES_ACCOUNT, DEFAULTS, ALICE))
                .isEmpty();
        assertThat(QualificationPlanner.notFilled(BOBS_LEAD, ALICES_CONTACT, ALICES_ACCOUNT, DEFAULTS, MARIA))
                .isEmpty();
    }

    @Test
    void aRecordWithNothingToFillIsNotListed() {
        ContactReplica.Contact full = new ContactReplica.Contact(
                "contact-a",
                new ContactDetails(
                        "Jon",
                        "Doe",
                        "Buyer",
                        "jon@doe.example",
                        "1",
                        "2",
                        new Address("x", null, null, null, null),
                        null),
                "account-a",
                "alice");

        assertThat(QualificationPlanner.notFilled(BOBS_LEAD, full, null, DEFAULTS, BOB))
                .isEmpty();
    }

    @Test
    void noAccountMeansNoParentAccountToSet() {
        LeadDetails noCompany = BOBS_LEAD.toBuilder().companyName(null).build();

        List<LeadResponses.NotFilled> left =
                QualificationPlanner.notFilled(noCompany, ALICES_CONTACT, null, DEFAULTS, BOB);

        assertThat(left.get(0).fields()).doesNotContain("parentAccountId");
    }

    @Test
    void aRowWithoutAKnownOwnerCountsAsNotTheCallers() {
        ContactReplica.Contact unknownOwner =
                new ContactReplica.Contact("contact-a", ALICES_CONTACT.details(), null, null);

        assertThat(QualificationPlanner.notFilled(BOBS_LEAD, unknownOwner, null, DEFAULTS, ALICE))
                .hasSize(1);
        assertThat(QualificationPlanner.notFilled(BOBS_LEAD, unknownOwner, null, DEFAULTS, MARIA))
                .isEmpty();
    }
}
