package dev.crm.contactaccount.domain;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.security.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the Contact aggregate. {@code expectedVersion} (from If-Match) is optional: null skips the check. */
public final class ContactCommands {

    public record CreateContact(
            String contactId,
            String ownerId,
            ContactDetails details,
            String parentAccountId,
            String originatingLeadId,
            Actor actor) {}

    /** The full editable state after the change: details and the parent account (null: none). */
    public record UpdateContact(
            @TargetAggregateIdentifier String contactId,
            ContactDetails details,
            String parentAccountId,
            Long expectedVersion,
            Actor actor) {}

    /**
     * A lead was qualified into this existing contact: its empty fields take the lead's values, and it joins
     * {@code accountId} if it has no account yet. Nothing already there is overwritten, and nothing at all when
     * {@code actor} (the user who qualified, with their own rights) may not change this contact.
     */
    public record FillContactFromLead(
            @TargetAggregateIdentifier String contactId,
            String leadId,
            ContactDetails fromLead,
            String accountId,
            Actor actor) {}

    public record AssignContact(
            @TargetAggregateIdentifier String contactId, String ownerId, Long expectedVersion, Actor actor) {}

    private ContactCommands() {}
}
