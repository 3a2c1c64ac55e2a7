package dev.crm.contactaccount.domain;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.security.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the Account aggregate. {@code expectedVersion} (from If-Match) is optional: null skips the check. */
public final class AccountCommands {

    public record CreateAccount(
            String accountId,
            String ownerId,
            AccountDetails details,
            String primaryContactId,
            String originatingLeadId,
            Actor actor) {}

    /** The full editable state after the change: details and the primary contact (null: none). */
    public record UpdateAccount(
            @TargetAggregateIdentifier String accountId,
            AccountDetails details,
            String primaryContactId,
            Long expectedVersion,
            Actor actor) {}

    /**
     * A lead was qualified into this existing account: its empty fields take the lead's values, and
     * {@code contactId} becomes its primary contact if it has none. Nothing already there is overwritten, and nothing
     * at all when {@code actor} (the user who qualified, with their own rights) may not change this account.
     */
    public record FillAccountFromLead(
            @TargetAggregateIdentifier String accountId,
            String leadId,
            AccountDetails fromLead,
            String contactId,
            Actor actor) {}

    public record AssignAccount(
            @TargetAggregateIdentifier String accountId, String ownerId, Long expectedVersion, Actor actor) {}

    private AccountCommands() {}
}
