package dev.crm.contactaccount.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.contactaccount.domain.ContactCommands.AssignContact;
import dev.crm.contactaccount.domain.ContactCommands.CreateContact;
import dev.crm.contactaccount.domain.ContactCommands.FillContactFromLead;
import dev.crm.contactaccount.domain.ContactCommands.UpdateContact;
import dev.crm.events.v1.Address;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactTest {

    private static final String ID = "contact-1";
    private static final String LEAD = "lead-7";
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MANAGER = new Actor("maria", true);
    private static final Address PARIS = new Address("1 rue de Rivoli", "Paris", "75001", null, "FR");
    private static final Address NO_ADDRESS = new Address(null, " ", null, "", null);
    private static final ContactDetails JANE = details("Jane", "Doe", null, null, null, null);
    private static final ContactDetails JANE_FULL = new ContactDetails(
            "Jane",
            "Doe",
            "Buyer",
            "jane@doe.example",
            "+33 1 00 00 00 00",
            "+33 6 00 00 00 00",
            PARIS,
            "Met at the fair");

    private AggregateTestFixture<Contact> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contact.class);
    }

    // --- create ---------------------------------------------------------------------------------------------------

    @Test
    void createdContactIsOwnedByTheCallerByDefault() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, null, JANE, null, null, ALICE))
                .expectEvents(new ContactCreated(ID, "alice", JANE, null, null));
    }

    @Test
    void createdContactCarriesItsAccountAndOriginatingLead() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, "alice", JANE, "account-1", LEAD, ALICE))
                .expectEvents(new ContactCreated(ID, "alice", JANE, "account-1", LEAD));
    }

    @Test
    void salespersonCannotCreateAContactForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, "bob", JANE, null, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"))
                .expectExceptionMessage("Only a sales manager may create a contact for another owner")
                .expectNoEvents();
    }

    @Test
    void salesManagerCanCreateAContactForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, "bob", JANE, null, null, MANAGER))
                .expectEvents(new ContactCreated(ID, "bob", JANE, null, null));
    }

    @Test
    void actingOnBehalfOfAQualifyingUserMayCreateForTheLeadOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, "bob", JANE, null, LEAD, Actor.onBehalfOf("alice")))
                .expectEvents(new ContactCreated(ID, "bob", JANE, null, LEAD));
    }

    @Test
    void cannotCreateContactWithBlankLastName() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, null, details("Jane", "  ", null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("lastName: must not be blank")
                .expectNoEvents();
    }

    @Test
    void cannotCreateContactWithoutLastName() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, null, details("Jane", null, null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("lastName: must not be blank");
    }

    @Test
    void cannotCreateContactWithTooLongLastName() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(
                        ID, null, details("Jane", "D".repeat(51), null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("lastName: must be at most 50 characters")
                .expectNoEvents();
    }

    @Test
    void lastNameOfExactlyTheMaximumLengthIsAccepted() {
        ContactDetails longest = details("Jane", "D".repeat(50), null, null, null, null);
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, null, longest, null, null, ALICE))
                .expectEvents(new ContactCreated(ID, "alice", longest, null, null));
    }

    @Test
    void cannotCreateContactWithoutDetails() {
        fixture.givenNoPriorActivity()
                .when(new CreateContact(ID, null, null, null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("details: must be given");
    }

    // --- update ---------------------------------------------------------------------------------------------------

    @Test
    void updateEmitsExactlyTheChangedFieldsAndTheFullDetails() {
        ContactDetails changed =
                new ContactDetails("Jane", "Doe", "Buyer", "jane@doe.example", null, null, PARIS, null);
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, changed, null, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("jobTitle", "email", "address"), changed, null));
    }

    @Test
    void clearingAFieldIsAChange() {
        ContactDetails cleared = new ContactDetails(
                "Jane", "Doe", "Buyer", "jane@doe.example", "+33 1 00 00 00 00", "+33 6 00 00 00 00", null, null);
        fixture.given(created(JANE_FULL, null))
                .when(new UpdateContact(ID, cleared, null, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("address", "description"), cleared, null));
    }

    @Test
    void updateWithoutAnyChangeEmitsNothing() {
        fixture.given(created(JANE_FULL, "account-1"))
                .when(new UpdateContact(ID, JANE_FULL, "account-1", 1L, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void updateAppliesOnTopOfThePreviousUpdate() {
        ContactDetails first = details("Jane", "Doe", "Buyer", null, null, null);
        ContactDetails second = details("Jane", "Doe-Smith", "Buyer", null, null, null);
        fixture.given(created(JANE, null), new ContactUpdated(ID, List.of("jobTitle"), first, null))
                .when(new UpdateContact(ID, second, null, 2L, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("lastName"), second, null));
    }

    @Test
    void cannotUpdateToABlankLastName() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, details("Jane", "", null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("lastName: must not be blank")
                .expectNoEvents();
    }

    @Test
    void cannotUpdateToATooLongLastName() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, details("Jane", "x".repeat(51), null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("lastName: must be at most 50 characters");
    }

    @Test
    void staleVersionIsRefused() {
        fixture.given(created(JANE, null), new ContactUpdated(ID, List.of("jobTitle"), JANE_FULL, null))
                .when(new UpdateContact(ID, JANE, null, 1L, ALICE))
                .expectException(refused(Kind.CONFLICT, "stale-version"))
                .expectExceptionMessage(
                        "The record was changed since version 1; it is now at version 2. Read it again and retry.")
                .expectNoEvents();
    }

    @Test
    void versionCountsEveryEventIncludingLinks() {
        fixture.given(
                        created(JANE, null),
                        new ContactLinkedToAccount(ID, "account-1", null),
                        new ContactUpdated(ID, List.of("jobTitle"), JANE_FULL, null))
                .when(new UpdateContact(ID, JANE, "account-1", 3L, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void salespersonCannotChangeAnotherOwnersContact() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, JANE_FULL, null, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"))
                .expectExceptionMessage("Only the owner of contact contact-1 or a sales manager may change it")
                .expectNoEvents();
    }

    @Test
    void salespersonCannotMoveAnotherOwnersContactToAnAccount() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, JANE, "account-1", null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"))
                .expectNoEvents();
    }

    @Test
    void salesManagerCanChangeAnyContact() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, JANE_FULL, null, 1L, MANAGER))
                .expectEvents(new ContactUpdated(
                        ID,
                        List.of("jobTitle", "email", "businessPhone", "mobilePhone", "address", "description"),
                        JANE_FULL,
                        null));
    }

    // --- parent account -------------------------------------------------------------------------------------------

    @Test
    void linkingAContactToAnAccountEmitsLinkedWithoutPreviousAccount() {
        fixture.given(created(JANE, null))
                .when(new UpdateContact(ID, JANE, "account-1", null, ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-1", null));
    }

    @Test
    void changingTheAccountEmitsLinkedWithThePreviousAccount() {
        fixture.given(created(JANE, "account-1"))
                .when(new UpdateContact(ID, JANE, "account-2", null, ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-2", "account-1"));
    }

    @Test
    void changingTheAccountAgainNamesTheAccountLinkedLast() {
        fixture.given(created(JANE, null), new ContactLinkedToAccount(ID, "account-1", null))
                .when(new UpdateContact(ID, JANE, "account-2", null, ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-2", "account-1"));
    }

    @Test
    void unlinkingEmitsUnlinkedWithThePreviousAccount() {
        fixture.given(created(JANE, "account-1"))
                .when(new UpdateContact(ID, JANE, null, null, ALICE))
                .expectEvents(new ContactUnlinkedFromAccount(ID, "account-1"));
    }

    @Test
    void aContactUnlinkedEarlierCanBeLinkedAgain() {
        fixture.given(created(JANE, "account-1"), new ContactUnlinkedFromAccount(ID, "account-1"))
                .when(new UpdateContact(ID, JANE, "account-2", 2L, ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-2", null));
    }

    @Test
    void changingDetailsAndAccountTogetherEmitsBothEvents() {
        fixture.given(created(JANE, "account-1"))
                .when(new UpdateContact(ID, JANE_FULL, "account-2", 1L, ALICE))
                .expectEvents(
                        new ContactUpdated(
                                ID,
                                List.of("jobTitle", "email", "businessPhone", "mobilePhone", "address", "description"),
                                JANE_FULL,
                                null),
                        new ContactLinkedToAccount(ID, "account-2", "account-1"));
    }

    // --- fill from a lead -----------------------------------------------------------------------------------------

    @Test
    void fillFromLeadFillsOnlyEmptyFieldsAndNeverOverwrites() {
        ContactDetails existing = new ContactDetails("Jane", "Doe", "Buyer", null, null, null, null, "VIP");
        ContactDetails fromLead =
                new ContactDetails("Janet", "Doh", "CEO", "jane@doe.example", "+33 1 00 00 00 00", null, PARIS, null);
        ContactDetails filled =
                new ContactDetails("Jane", "Doe", "Buyer", "jane@doe.example", "+33 1 00 00 00 00", null, PARIS, "VIP");
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("email", "businessPhone", "address"), filled, LEAD));
    }

    @Test
    void fillFromLeadTreatsABlankStringAsEmpty() {
        ContactDetails existing = new ContactDetails(" ", "Doe", "", null, null, null, null, null);
        ContactDetails fromLead = details("Jane", "Doe", "Buyer", null, null, null);
        ContactDetails filled = details("Jane", "Doe", "Buyer", null, null, null);
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("firstName", "jobTitle"), filled, LEAD));
    }

    @Test
    void fillFromLeadFillsAnAddressWhoseLinesAreAllEmpty() {
        ContactDetails existing = new ContactDetails("Jane", "Doe", null, null, null, null, NO_ADDRESS, null);
        ContactDetails fromLead = new ContactDetails(null, "Doe", null, null, null, null, PARIS, null);
        ContactDetails filled = new ContactDetails("Jane", "Doe", null, null, null, null, PARIS, null);
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("address"), filled, LEAD));
    }

    @Test
    void fillFromLeadKeepsAPartlyFilledAddressWhole() {
        Address cityOnly = new Address(null, "Lyon", null, null, null);
        ContactDetails existing = new ContactDetails("Jane", "Doe", null, null, null, null, cityOnly, null);
        ContactDetails fromLead = new ContactDetails(null, "Doe", null, null, null, null, PARIS, null);
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadEmitsNothingWhenNothingIsEmpty() {
        ContactDetails fromLead = new ContactDetails(
                "Janet", "Doh", "CEO", "other@doe.example", "1", "2", new Address("x", "y", "z", null, null), "other");
        fixture.given(created(JANE_FULL, "account-1"))
                .when(new FillContactFromLead(ID, LEAD, fromLead, "account-2", ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadEmitsNothingWhenTheLeadHasNothingForTheEmptyFields() {
        ContactDetails existing = new ContactDetails("Jane", "Doe", " ", null, "", null, NO_ADDRESS, null);
        ContactDetails fromLead = new ContactDetails(
                "Janet", "Doe", null, "", null, "  ", new Address(null, null, null, null, null), null);
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadNamesOnlyTheFieldsTheLeadActuallyFilled() {
        ContactDetails existing = new ContactDetails("Jane", "Doe", " ", null, null, null, NO_ADDRESS, null);
        ContactDetails fromLead = new ContactDetails(null, "Doe", null, "jane@doe.example", "", null, null, null);
        ContactDetails filled =
                new ContactDetails("Jane", "Doe", " ", "jane@doe.example", null, null, NO_ADDRESS, null);
        fixture.given(created(existing, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new ContactUpdated(ID, List.of("email"), filled, LEAD));
    }

    @Test
    void fillFromLeadWithoutLeadDetailsOnlyLinksTheAccount() {
        fixture.given(created(JANE, null))
                .when(new FillContactFromLead(ID, LEAD, null, "account-1", ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-1", null));
    }

    @Test
    void fillFromLeadLinksToTheAccountWhenTheContactHadNone() {
        ContactDetails filled = details("Jane", "Doe", "Buyer", null, null, null);
        fixture.given(created(JANE, null))
                .when(new FillContactFromLead(
                        ID, LEAD, details(null, "Doe", "Buyer", null, null, null), "account-1", ALICE))
                .expectEvents(
                        new ContactUpdated(ID, List.of("jobTitle"), filled, LEAD),
                        new ContactLinkedToAccount(ID, "account-1", null));
    }

    @Test
    void fillFromLeadLinksAContactThatWasUnlinkedEarlier() {
        fixture.given(created(JANE_FULL, "account-1"), new ContactUnlinkedFromAccount(ID, "account-1"))
                .when(new FillContactFromLead(ID, LEAD, JANE, "account-2", ALICE))
                .expectEvents(new ContactLinkedToAccount(ID, "account-2", null));
    }

    @Test
    void fillFromLeadNeverMovesAContactToAnotherAccount() {
        fixture.given(created(JANE_FULL, "account-1"))
                .when(new FillContactFromLead(ID, LEAD, JANE, "account-2", ALICE))
                .expectNoEvents();
        fixture.given(created(JANE_FULL, null), new ContactLinkedToAccount(ID, "account-1", null))
                .when(new FillContactFromLead(ID, LEAD, JANE, "account-2", ALICE))
                .expectNoEvents();
    }

    @Test
    void fillFromLeadWithoutAccountLeavesTheContactUnlinked() {
        fixture.given(created(JANE_FULL, "account-1"))
                .when(new FillContactFromLead(ID, LEAD, JANE, null, ALICE))
                .expectNoEvents();
    }

    @Test
    void fillFromLeadByASalespersonWhoDoesNotOwnTheContactChangesNothing() {
        ContactDetails fromLead =
                new ContactDetails(null, "Doe", "CEO", "bob@bob.example", "+1 555", null, PARIS, null);
        fixture.given(created(JANE, null))
                .when(new FillContactFromLead(ID, LEAD, fromLead, "bobs-account", BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadByASalesManagerFillsAnyContact() {
        ContactDetails filled = details("Jane", "Doe", "Buyer", null, null, null);
        fixture.given(created(JANE, null))
                .when(new FillContactFromLead(
                        ID, LEAD, details(null, "Doe", "Buyer", null, null, null), "account-1", MANAGER))
                .expectEvents(
                        new ContactUpdated(ID, List.of("jobTitle"), filled, LEAD),
                        new ContactLinkedToAccount(ID, "account-1", null));
    }

    @Test
    void fillFromLeadFollowsTheContactsCurrentOwner() {
        ContactDetails filled = details("Jane", "Doe", "Buyer", null, null, null);
        fixture.given(created(JANE, null), new ContactAssigned(ID, "alice", "bob"))
                .when(new FillContactFromLead(ID, LEAD, details(null, "Doe", "Buyer", null, null, null), null, BOB))
                .expectEvents(new ContactUpdated(ID, List.of("jobTitle"), filled, LEAD));
        fixture.given(created(JANE, null), new ContactAssigned(ID, "alice", "bob"))
                .when(new FillContactFromLead(ID, LEAD, details(null, "Doe", "Buyer", null, null, null), null, ALICE))
                .expectNoEvents();
    }

    // --- assign ---------------------------------------------------------------------------------------------------

    @Test
    void onlyASalesManagerCanAssignAContact() {
        fixture.given(created(JANE, null))
                .when(new AssignContact(ID, "bob", null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"))
                .expectExceptionMessage("Only a sales manager may assign a contact")
                .expectNoEvents();
    }

    @Test
    void assignEmitsAssignedWithThePreviousOwner() {
        fixture.given(created(JANE, null))
                .when(new AssignContact(ID, "bob", 1L, MANAGER))
                .expectEvents(new ContactAssigned(ID, "alice", "bob"));
    }

    @Test
    void reassignNamesTheOwnerAssignedLast() {
        fixture.given(created(JANE, null), new ContactAssigned(ID, "alice", "bob"))
                .when(new AssignContact(ID, "carol", 2L, MANAGER))
                .expectEvents(new ContactAssigned(ID, "bob", "carol"));
    }

    @Test
    void assigningToTheSameOwnerEmitsNothing() {
        fixture.given(created(JANE, null))
                .when(new AssignContact(ID, "alice", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void assignWithAStaleVersionIsRefused() {
        fixture.given(created(JANE, null), new ContactUpdated(ID, List.of("jobTitle"), JANE_FULL, null))
                .when(new AssignContact(ID, "bob", 1L, MANAGER))
                .expectException(refused(Kind.CONFLICT, "stale-version"))
                .expectNoEvents();
    }

    @Test
    void cannotAssignToNobody() {
        fixture.given(created(JANE, null))
                .when(new AssignContact(ID, null, null, MANAGER))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("ownerId: must be given");
    }

    @Test
    void afterAssignmentTheNewOwnerMayChangeTheContactAndThePreviousOneMayNot() {
        fixture.given(created(JANE, null), new ContactAssigned(ID, "alice", "bob"))
                .when(new UpdateContact(ID, JANE_FULL, null, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created(JANE, null), new ContactAssigned(ID, "alice", "bob"))
                .when(new UpdateContact(ID, JANE, "account-1", null, BOB))
                .expectEvents(new ContactLinkedToAccount(ID, "account-1", null));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static ContactCreated created(ContactDetails details, String accountId) {
        return new ContactCreated(ID, "alice", details, accountId, null);
    }

    private static ContactDetails details(
            String first, String last, String jobTitle, String email, String businessPhone, String mobilePhone) {
        return new ContactDetails(first, last, jobTitle, email, businessPhone, mobilePhone, null, null);
    }
}
