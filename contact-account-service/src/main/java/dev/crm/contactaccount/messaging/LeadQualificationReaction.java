package dev.crm.contactaccount.messaging;

import dev.crm.contactaccount.domain.AccountCommands.CreateAccount;
import dev.crm.contactaccount.domain.AccountCommands.FillAccountFromLead;
import dev.crm.contactaccount.domain.ContactCommands.CreateContact;
import dev.crm.contactaccount.domain.ContactCommands.FillContactFromLead;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.platform.axon.CommandSender;
import dev.crm.platform.domain.DomainException;
import dev.crm.platform.messaging.ConsumedEvent;
import dev.crm.platform.messaging.Reactions;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.security.Actor;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Qualifying a lead creates its contact and, when it has a company, its account, with the ids the lead-service chose;
 * or fills the empty fields of the existing contact and account the salesperson picked, where that salesperson may
 * change them (the events carry the role they acted in; the aggregates apply the owner rule). Runs in the inbox's
 * JTA transaction, so the events these commands append commit together with the inbox entry: a redelivered
 * LeadQualified finds its id in the inbox and changes nothing. Records are also created only if their id is unused,
 * which keeps a re-published event harmless even past the inbox.
 */
@ApplicationScoped
public class LeadQualificationReaction {

    public static final String CHANNEL = "lead-qualifications";
    private static final Logger LOG = Logger.getLogger(LeadQualificationReaction.class);

    @Inject
    Reactions reactions;

    @Inject
    CommandGateway gateway;

    @Inject
    EventHistory history;

    /** Only qualifications matter here; the lead topic's other events pass without an inbox row. */
    @Incoming(CHANNEL)
    public Uni<Void> onLeadEvents(KafkaRecordBatch<String, byte[]> batch) {
        return reactions.apply(
                CHANNEL,
                batch,
                LeadQualified.class,
                event -> react(event.payloadAs(LeadQualified.class).orElseThrow(), event));
    }

    private void react(LeadQualified lead, ConsumedEvent event) {
        LeadDetails d = lead.details();
        if (d == null || d.lastName() == null) {
            throw new DomainException(
                    DomainException.Kind.INVALID,
                    "incomplete-lead",
                    "LeadQualified " + lead.leadId() + " carries no lead details");
        }
        Actor actor = Actor.onBehalfOf(event.actingUser());
        String contactId = lead.contactId();
        String accountId = lead.accountId();
        if (accountId != null) {
            AccountDetails fromLead = d.accountDetails();
            if (!lead.newAccount()) {
                requireExisting("Account", accountId, lead);
                send(new FillAccountFromLead(accountId, lead.leadId(), fromLead, contactId, event.actor()), event);
            } else if (!history.exists("Account", accountId)) {
                send(new CreateAccount(accountId, lead.ownerId(), fromLead, contactId, lead.leadId(), actor), event);
            } else {
                LOG.infof("Account %s of lead %s exists already; not created again", accountId, lead.leadId());
            }
        }
        if (contactId != null) {
            ContactDetails fromLead = d.contactDetails();
            if (!lead.newContact()) {
                requireExisting("Contact", contactId, lead);
                send(new FillContactFromLead(contactId, lead.leadId(), fromLead, accountId, event.actor()), event);
            } else if (!history.exists("Contact", contactId)) {
                send(new CreateContact(contactId, lead.ownerId(), fromLead, accountId, lead.leadId(), actor), event);
            } else {
                LOG.infof("Contact %s of lead %s exists already; not created again", contactId, lead.leadId());
            }
        }
    }

    /** A chosen record that does not exist can never be filled: refused at once, so it is dead-lettered, not retried. */
    private void requireExisting(String type, String id, LeadQualified lead) {
        if (!history.exists(type, id)) {
            throw new DomainException(
                    DomainException.Kind.NOT_FOUND,
                    "not-found",
                    type + " " + id + ", chosen when qualifying lead " + lead.leadId() + ", does not exist");
        }
    }

    /** The events this causes carry the qualifying user and the lead request's correlation id. */
    private void send(Object command, ConsumedEvent cause) {
        CommandSender.send(gateway, command, cause.actor(), cause.correlationId());
    }
}
