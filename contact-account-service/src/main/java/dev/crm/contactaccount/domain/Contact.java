package dev.crm.contactaccount.domain;

import static dev.crm.contactaccount.domain.DetailsRules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.contactaccount.domain.ContactCommands.AssignContact;
import dev.crm.contactaccount.domain.ContactCommands.CreateContact;
import dev.crm.contactaccount.domain.ContactCommands.FillContactFromLead;
import dev.crm.contactaccount.domain.ContactCommands.UpdateContact;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.platform.domain.Records;
import dev.crm.platform.domain.Versions;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** A contact: a person the sales team deals with, possibly working for an account (its parent account). */
public class Contact {

    @AggregateIdentifier
    private String contactId;

    private String ownerId;
    private ContactDetails details;
    private String parentAccountId;

    protected Contact() {
        // for Axon
    }

    @CommandHandler
    public Contact(CreateContact command) {
        DetailsRules.check(command.details());
        String owner = command.ownerId() == null ? command.actor().userId() : command.ownerId();
        if (!owner.equals(command.actor().userId())) {
            command.actor().requireManager("create a contact for another owner");
        }
        apply(new ContactCreated(
                command.contactId(), owner, command.details(), command.parentAccountId(), command.originatingLeadId()));
    }

    @CommandHandler
    public void handle(UpdateContact command) {
        Versions.check(command.expectedVersion());
        command.actor().requireMayChange("contact", contactId, ownerId);
        DetailsRules.check(command.details());
        List<String> changed = Records.changedFields(details, command.details());
        if (!changed.isEmpty()) {
            apply(new ContactUpdated(contactId, changed, command.details(), null));
        }
        changeAccount(command.parentAccountId());
    }

    /** Linking a lead to a contact the qualifier may only read changes nothing here: the owner rule of an update. */
    @CommandHandler
    public void handle(FillContactFromLead command) {
        if (!command.actor().mayChange(ownerId)) {
            return;
        }
        ContactDetails filled = Records.fillEmpty(details, command.fromLead());
        List<String> changed = Records.changedFields(details, filled);
        if (!changed.isEmpty()) {
            apply(new ContactUpdated(contactId, changed, filled, command.leadId()));
        }
        if (parentAccountId == null && command.accountId() != null) {
            changeAccount(command.accountId());
        }
    }

    @CommandHandler
    public void handle(AssignContact command) {
        command.actor().requireManager("assign a contact");
        Versions.check(command.expectedVersion());
        String newOwner = require(command.ownerId(), "ownerId");
        if (!newOwner.equals(ownerId)) {
            apply(new ContactAssigned(contactId, ownerId, newOwner));
        }
    }

    private void changeAccount(String accountId) {
        if (Objects.equals(accountId, parentAccountId)) {
            return;
        }
        if (accountId == null) {
            apply(new ContactUnlinkedFromAccount(contactId, parentAccountId));
        } else {
            apply(new ContactLinkedToAccount(contactId, accountId, parentAccountId));
        }
    }

    @EventSourcingHandler
    void on(ContactCreated event) {
        contactId = event.contactId();
        ownerId = event.ownerId();
        details = event.details();
        parentAccountId = event.parentAccountId();
    }

    @EventSourcingHandler
    void on(ContactUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(ContactLinkedToAccount event) {
        parentAccountId = event.accountId();
    }

    @EventSourcingHandler
    void on(ContactUnlinkedFromAccount event) {
        parentAccountId = null;
    }

    @EventSourcingHandler
    void on(ContactAssigned event) {
        ownerId = event.ownerId();
    }
}
