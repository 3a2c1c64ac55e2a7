package dev.crm.contactaccount.domain;

import static dev.crm.testing.Refusals.refused;

import dev.crm.contactaccount.domain.AccountCommands.AssignAccount;
import dev.crm.contactaccount.domain.AccountCommands.CreateAccount;
import dev.crm.contactaccount.domain.AccountCommands.FillAccountFromLead;
import dev.crm.contactaccount.domain.AccountCommands.UpdateAccount;
import dev.crm.events.v1.Address;
import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.platform.domain.DomainException.Kind;
import dev.crm.platform.security.Actor;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountTest {

    private static final String ID = "account-1";
    private static final String LEAD = "lead-7";
    private static final Actor ALICE = new Actor("alice", false);
    private static final Actor BOB = new Actor("bob", false);
    private static final Actor MANAGER = new Actor("maria", true);
    private static final Address PARIS = new Address("1 rue de Rivoli", "Paris", "75001", null, "FR");
    private static final Address NO_ADDRESS = new Address("", null, " ", null, null);
    private static final AccountDetails ACME = details("Acme", null, null, null);
    private static final AccountDetails ACME_FULL = new AccountDetails(
            "Acme", "https://acme.example", "+33 1 00 00 00 00", "Coffee machines", PARIS, "Key account");

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    // --- create ---------------------------------------------------------------------------------------------------

    @Test
    void createdAccountIsOwnedByTheCallerByDefault() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, ACME, null, null, ALICE))
                .expectEvents(new AccountCreated(ID, "alice", ACME, null, null));
    }

    @Test
    void createdAccountCarriesItsPrimaryContactAndOriginatingLead() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, "alice", ACME, "contact-1", LEAD, ALICE))
                .expectEvents(new AccountCreated(ID, "alice", ACME, "contact-1", LEAD));
    }

    @Test
    void salespersonCannotCreateAnAccountForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, "bob", ACME, null, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"))
                .expectExceptionMessage("Only a sales manager may create an account for another owner")
                .expectNoEvents();
    }

    @Test
    void salesManagerCanCreateAnAccountForAnotherOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, "bob", ACME, null, null, MANAGER))
                .expectEvents(new AccountCreated(ID, "bob", ACME, null, null));
    }

    @Test
    void actingOnBehalfOfAQualifyingUserMayCreateForTheLeadOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, "bob", ACME, "contact-1", LEAD, Actor.onBehalfOf("alice")))
                .expectEvents(new AccountCreated(ID, "bob", ACME, "contact-1", LEAD));
    }

    @Test
    void cannotCreateAccountWithBlankName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, details(" ", null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must not be blank")
                .expectNoEvents();
    }

    @Test
    void cannotCreateAccountWithoutName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, details(null, null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must not be blank");
    }

    @Test
    void cannotCreateAccountWithTooLongName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, details("A".repeat(161), null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must be at most 160 characters")
                .expectNoEvents();
    }

    @Test
    void nameOfExactlyTheMaximumLengthIsAccepted() {
        AccountDetails longest = details("A".repeat(160), null, null, null);
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, longest, null, null, ALICE))
                .expectEvents(new AccountCreated(ID, "alice", longest, null, null));
    }

    @Test
    void cannotCreateAccountWithoutDetails() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccount(ID, null, null, null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("details: must be given");
    }

    // --- update ---------------------------------------------------------------------------------------------------

    @Test
    void updateEmitsExactlyTheChangedFieldsAndTheFullDetails() {
        AccountDetails changed =
                new AccountDetails("Acme", "https://acme.example", null, "Coffee machines", PARIS, null);
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, changed, null, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("website", "industry", "address"), changed, null));
    }

    @Test
    void clearingAFieldIsAChange() {
        AccountDetails cleared = new AccountDetails(
                "Acme Corp", "https://acme.example", "+33 1 00 00 00 00", "Coffee machines", null, "Key account");
        fixture.given(created(ACME_FULL, null))
                .when(new UpdateAccount(ID, cleared, null, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("name", "address"), cleared, null));
    }

    @Test
    void updateWithoutAnyChangeEmitsNothing() {
        fixture.given(created(ACME_FULL, "contact-1"))
                .when(new UpdateAccount(ID, ACME_FULL, "contact-1", 1L, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void updateAppliesOnTopOfThePreviousUpdate() {
        AccountDetails first = details("Acme", "https://acme.example", null, null);
        AccountDetails second = details("Acme Corp", "https://acme.example", null, null);
        fixture.given(created(ACME, null), new AccountUpdated(ID, List.of("website"), first, null))
                .when(new UpdateAccount(ID, second, null, 2L, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("name"), second, null));
    }

    @Test
    void cannotUpdateToABlankName() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, details("", null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must not be blank")
                .expectNoEvents();
    }

    @Test
    void cannotUpdateToATooLongName() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, details("x".repeat(161), null, null, null), null, null, ALICE))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("name: must be at most 160 characters");
    }

    @Test
    void staleVersionIsRefused() {
        fixture.given(created(ACME, null), new AccountUpdated(ID, List.of("website"), ACME_FULL, null))
                .when(new UpdateAccount(ID, ACME, null, 1L, ALICE))
                .expectException(refused(Kind.CONFLICT, "stale-version"))
                .expectExceptionMessage(
                        "The record was changed since version 1; it is now at version 2. Read it again and retry.")
                .expectNoEvents();
    }

    @Test
    void versionCountsEveryEventIncludingPrimaryContactChanges() {
        fixture.given(
                        created(ACME, null),
                        new AccountPrimaryContactChanged(ID, "contact-1", null),
                        new AccountUpdated(ID, List.of("website"), ACME_FULL, null))
                .when(new UpdateAccount(ID, ACME, "contact-1", 3L, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void salespersonCannotChangeAnotherOwnersAccount() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, ACME_FULL, null, null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"))
                .expectExceptionMessage("Only the owner of account account-1 or a sales manager may change it")
                .expectNoEvents();
    }

    @Test
    void salespersonCannotChangeThePrimaryContactOfAnotherOwnersAccount() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, ACME, "contact-1", null, BOB))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"))
                .expectNoEvents();
    }

    @Test
    void salesManagerCanChangeAnyAccount() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, ACME_FULL, null, 1L, MANAGER))
                .expectEvents(new AccountUpdated(
                        ID, List.of("website", "phone", "industry", "address", "description"), ACME_FULL, null));
    }

    // --- primary contact ------------------------------------------------------------------------------------------

    @Test
    void settingAPrimaryContactEmitsChangedWithoutPreviousContact() {
        fixture.given(created(ACME, null))
                .when(new UpdateAccount(ID, ACME, "contact-1", null, ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-1", null));
    }

    @Test
    void changingThePrimaryContactEmitsChangedWithThePreviousContact() {
        fixture.given(created(ACME, "contact-1"))
                .when(new UpdateAccount(ID, ACME, "contact-2", null, ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-2", "contact-1"));
    }

    @Test
    void changingThePrimaryContactAgainNamesTheContactSetLast() {
        fixture.given(created(ACME, null), new AccountPrimaryContactChanged(ID, "contact-1", null))
                .when(new UpdateAccount(ID, ACME, "contact-2", null, ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-2", "contact-1"));
    }

    @Test
    void removingThePrimaryContactEmitsChangedToNone() {
        fixture.given(created(ACME, "contact-1"))
                .when(new UpdateAccount(ID, ACME, null, null, ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, null, "contact-1"));
    }

    @Test
    void changingDetailsAndPrimaryContactTogetherEmitsBothEvents() {
        fixture.given(created(ACME, "contact-1"))
                .when(new UpdateAccount(ID, ACME_FULL, "contact-2", 1L, ALICE))
                .expectEvents(
                        new AccountUpdated(
                                ID, List.of("website", "phone", "industry", "address", "description"), ACME_FULL, null),
                        new AccountPrimaryContactChanged(ID, "contact-2", "contact-1"));
    }

    // --- fill from a lead -----------------------------------------------------------------------------------------

    @Test
    void fillFromLeadFillsOnlyEmptyFieldsAndNeverOverwrites() {
        AccountDetails existing = new AccountDetails("Acme", null, "+33 1 11 11 11 11", null, null, "Key account");
        AccountDetails fromLead = new AccountDetails(
                "Acme Corporation", "https://acme.example", "+33 1 00 00 00 00", "Coffee machines", PARIS, null);
        AccountDetails filled = new AccountDetails(
                "Acme", "https://acme.example", "+33 1 11 11 11 11", "Coffee machines", PARIS, "Key account");
        fixture.given(created(existing, null))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("website", "industry", "address"), filled, LEAD));
    }

    @Test
    void fillFromLeadTreatsABlankStringAsEmpty() {
        AccountDetails existing = new AccountDetails("Acme", " ", "", null, null, null);
        AccountDetails fromLead = details("Acme", "https://acme.example", "+33 1 00 00 00 00", null);
        AccountDetails filled = details("Acme", "https://acme.example", "+33 1 00 00 00 00", null);
        fixture.given(created(existing, null))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("website", "phone"), filled, LEAD));
    }

    @Test
    void fillFromLeadFillsAnAddressWhoseLinesAreAllEmpty() {
        AccountDetails existing = new AccountDetails("Acme", null, null, null, NO_ADDRESS, null);
        AccountDetails fromLead = new AccountDetails("Acme", null, null, null, PARIS, null);
        AccountDetails filled = new AccountDetails("Acme", null, null, null, PARIS, null);
        fixture.given(created(existing, null))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("address"), filled, LEAD));
    }

    @Test
    void fillFromLeadKeepsAPartlyFilledAddressWhole() {
        Address countryOnly = new Address(null, null, null, null, "DE");
        AccountDetails existing = new AccountDetails("Acme", null, null, null, countryOnly, null);
        AccountDetails fromLead = new AccountDetails("Acme", null, null, null, PARIS, null);
        fixture.given(created(existing, null))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadEmitsNothingWhenNothingIsEmpty() {
        AccountDetails fromLead = new AccountDetails(
                "Other", "https://other.example", "1", "Tea", new Address("x", "y", "z", null, null), "other");
        fixture.given(created(ACME_FULL, "contact-1"))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, "contact-2", ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadEmitsNothingWhenTheLeadHasNothingForTheEmptyFields() {
        AccountDetails existing = new AccountDetails("Acme", " ", null, "", NO_ADDRESS, null);
        AccountDetails fromLead =
                new AccountDetails("Acme Corp", null, "", "  ", new Address(null, null, null, null, null), null);
        fixture.given(created(existing, "contact-1"))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, "contact-2", ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadNamesOnlyTheFieldsTheLeadActuallyFilled() {
        AccountDetails existing = new AccountDetails("Acme", " ", null, null, NO_ADDRESS, null);
        AccountDetails fromLead = new AccountDetails("Acme", null, "", "Coffee machines", null, null);
        AccountDetails filled = new AccountDetails("Acme", " ", null, "Coffee machines", NO_ADDRESS, null);
        fixture.given(created(existing, null))
                .when(new FillAccountFromLead(ID, LEAD, fromLead, null, ALICE))
                .expectEvents(new AccountUpdated(ID, List.of("industry"), filled, LEAD));
    }

    @Test
    void fillFromLeadWithoutLeadDetailsOnlySetsThePrimaryContact() {
        fixture.given(created(ACME, null))
                .when(new FillAccountFromLead(ID, LEAD, null, "contact-1", ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-1", null));
    }

    @Test
    void fillFromLeadSetsThePrimaryContactWhenThereWasNone() {
        AccountDetails filled = details("Acme", "https://acme.example", null, null);
        fixture.given(created(ACME, null))
                .when(new FillAccountFromLead(
                        ID, LEAD, details("Acme", "https://acme.example", null, null), "contact-1", ALICE))
                .expectEvents(
                        new AccountUpdated(ID, List.of("website"), filled, LEAD),
                        new AccountPrimaryContactChanged(ID, "contact-1", null));
    }

    @Test
    void fillFromLeadSetsThePrimaryContactOfAnAccountWhoseContactWasRemoved() {
        fixture.given(created(ACME_FULL, "contact-1"), new AccountPrimaryContactChanged(ID, null, "contact-1"))
                .when(new FillAccountFromLead(ID, LEAD, ACME, "contact-2", ALICE))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-2", null));
    }

    @Test
    void fillFromLeadNeverReplacesThePrimaryContact() {
        fixture.given(created(ACME_FULL, "contact-1"))
                .when(new FillAccountFromLead(ID, LEAD, ACME, "contact-2", ALICE))
                .expectNoEvents();
        fixture.given(created(ACME_FULL, null), new AccountPrimaryContactChanged(ID, "contact-1", null))
                .when(new FillAccountFromLead(ID, LEAD, ACME, "contact-2", ALICE))
                .expectNoEvents();
    }

    @Test
    void fillFromLeadWithoutContactKeepsThePrimaryContact() {
        fixture.given(created(ACME_FULL, "contact-1"))
                .when(new FillAccountFromLead(ID, LEAD, ACME, null, ALICE))
                .expectNoEvents();
    }

    @Test
    void fillFromLeadByASalespersonWhoDoesNotOwnTheAccountChangesNothing() {
        fixture.given(created(ACME, null))
                .when(new FillAccountFromLead(
                        ID, LEAD, details("Acme", "https://bob.example", "+1 555", "Retail"), "bobs-contact", BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void fillFromLeadByASalesManagerFillsAnyAccount() {
        AccountDetails filled = details("Acme", "https://acme.example", null, null);
        fixture.given(created(ACME, null))
                .when(new FillAccountFromLead(
                        ID, LEAD, details("Acme", "https://acme.example", null, null), "contact-1", MANAGER))
                .expectEvents(
                        new AccountUpdated(ID, List.of("website"), filled, LEAD),
                        new AccountPrimaryContactChanged(ID, "contact-1", null));
    }

    // --- assign ---------------------------------------------------------------------------------------------------

    @Test
    void onlyASalesManagerCanAssignAnAccount() {
        fixture.given(created(ACME, null))
                .when(new AssignAccount(ID, "bob", null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "sales-manager-only"))
                .expectExceptionMessage("Only a sales manager may assign an account")
                .expectNoEvents();
    }

    @Test
    void assignEmitsAssignedWithThePreviousOwner() {
        fixture.given(created(ACME, null))
                .when(new AssignAccount(ID, "bob", 1L, MANAGER))
                .expectEvents(new AccountAssigned(ID, "alice", "bob"));
    }

    @Test
    void reassignNamesTheOwnerAssignedLast() {
        fixture.given(created(ACME, null), new AccountAssigned(ID, "alice", "bob"))
                .when(new AssignAccount(ID, "carol", 2L, MANAGER))
                .expectEvents(new AccountAssigned(ID, "bob", "carol"));
    }

    @Test
    void assigningToTheSameOwnerEmitsNothing() {
        fixture.given(created(ACME, null))
                .when(new AssignAccount(ID, "alice", null, MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void assignWithAStaleVersionIsRefused() {
        fixture.given(created(ACME, null), new AccountUpdated(ID, List.of("website"), ACME_FULL, null))
                .when(new AssignAccount(ID, "bob", 1L, MANAGER))
                .expectException(refused(Kind.CONFLICT, "stale-version"))
                .expectNoEvents();
    }

    @Test
    void cannotAssignToNobody() {
        fixture.given(created(ACME, null))
                .when(new AssignAccount(ID, null, null, MANAGER))
                .expectException(refused(Kind.INVALID, "invalid-field"))
                .expectExceptionMessage("ownerId: must be given");
    }

    @Test
    void afterAssignmentTheNewOwnerMayChangeTheAccountAndThePreviousOneMayNot() {
        fixture.given(created(ACME, null), new AccountAssigned(ID, "alice", "bob"))
                .when(new UpdateAccount(ID, ACME_FULL, null, null, ALICE))
                .expectException(refused(Kind.FORBIDDEN, "not-owner"));
        fixture.given(created(ACME, null), new AccountAssigned(ID, "alice", "bob"))
                .when(new UpdateAccount(ID, ACME, "contact-1", null, BOB))
                .expectEvents(new AccountPrimaryContactChanged(ID, "contact-1", null));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static AccountCreated created(AccountDetails details, String primaryContactId) {
        return new AccountCreated(ID, "alice", details, primaryContactId, null);
    }

    private static AccountDetails details(String name, String website, String phone, String industry) {
        return new AccountDetails(name, website, phone, industry, null, null);
    }
}
