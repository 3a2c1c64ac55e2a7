package dev.crm.contactaccount.domain;

import static dev.crm.contactaccount.domain.DetailsRules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.crm.contactaccount.domain.AccountCommands.AssignAccount;
import dev.crm.contactaccount.domain.AccountCommands.CreateAccount;
import dev.crm.contactaccount.domain.AccountCommands.FillAccountFromLead;
import dev.crm.contactaccount.domain.AccountCommands.UpdateAccount;
import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.platform.domain.Records;
import dev.crm.platform.domain.Versions;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** An account: a company the sales team sells to, with its primary contact. */
public class Account {

    @AggregateIdentifier
    private String accountId;

    private String ownerId;
    private AccountDetails details;
    private String primaryContactId;

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(CreateAccount command) {
        DetailsRules.check(command.details());
        String owner = command.ownerId() == null ? command.actor().userId() : command.ownerId();
        if (!owner.equals(command.actor().userId())) {
            command.actor().requireManager("create an account for another owner");
        }
        apply(new AccountCreated(
                command.accountId(),
                owner,
                command.details(),
                command.primaryContactId(),
                command.originatingLeadId()));
    }

    @CommandHandler
    public void handle(UpdateAccount command) {
        Versions.check(command.expectedVersion());
        command.actor().requireMayChange("account", accountId, ownerId);
        DetailsRules.check(command.details());
        List<String> changed = Records.changedFields(details, command.details());
        if (!changed.isEmpty()) {
            apply(new AccountUpdated(accountId, changed, command.details(), null));
        }
        changePrimaryContact(command.primaryContactId());
    }

    /** Linking a lead to an account the qualifier may only read changes nothing here: the owner rule of an update. */
    @CommandHandler
    public void handle(FillAccountFromLead command) {
        if (!command.actor().mayChange(ownerId)) {
            return;
        }
        AccountDetails filled = Records.fillEmpty(details, command.fromLead());
        List<String> changed = Records.changedFields(details, filled);
        if (!changed.isEmpty()) {
            apply(new AccountUpdated(accountId, changed, filled, command.leadId()));
        }
        if (primaryContactId == null && command.contactId() != null) {
            changePrimaryContact(command.contactId());
        }
    }

    @CommandHandler
    public void handle(AssignAccount command) {
        command.actor().requireManager("assign an account");
        Versions.check(command.expectedVersion());
        String newOwner = require(command.ownerId(), "ownerId");
        if (!newOwner.equals(ownerId)) {
            apply(new AccountAssigned(accountId, ownerId, newOwner));
        }
    }

    private void changePrimaryContact(String contactId) {
        if (!Objects.equals(contactId, primaryContactId)) {
            apply(new AccountPrimaryContactChanged(accountId, contactId, primaryContactId));
        }
    }

    @EventSourcingHandler
    void on(AccountCreated event) {
        accountId = event.accountId();
        ownerId = event.ownerId();
        details = event.details();
        primaryContactId = event.primaryContactId();
    }

    @EventSourcingHandler
    void on(AccountUpdated event) {
        details = event.details();
    }

    @EventSourcingHandler
    void on(AccountPrimaryContactChanged event) {
        primaryContactId = event.primaryContactId();
    }

    @EventSourcingHandler
    void on(AccountAssigned event) {
        ownerId = event.ownerId();
    }
}
