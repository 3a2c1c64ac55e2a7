package dev.crm.lead.query;

import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * What lead-service knows of a contact: enough to spot duplicates, to fill a lead's empty fields, and to tell a
 * qualifier which of the contact's fields they may not fill (its owner).
 */
@Entity
@Table(name = "contact_replica")
public class ContactReplica extends ReplicaRow<ContactReplica.Contact> {

    /** {@code ownerId} is null in a row written before owners were replicated, until the contact's next event. */
    public record Contact(String id, ContactDetails details, String parentAccountId, String ownerId) {

        /** The contact after {@code event}; {@code current} is null before its creation (then only a creation counts). */
        public static Contact after(Contact current, ContactEvent event) {
            if (event instanceof ContactCreated e) {
                return new Contact(e.contactId(), e.details(), e.parentAccountId(), e.ownerId());
            }
            if (current == null) {
                return null;
            }
            if (event instanceof ContactUpdated e) {
                return new Contact(current.id(), e.details(), current.parentAccountId(), current.ownerId());
            }
            if (event instanceof ContactLinkedToAccount e) {
                return new Contact(current.id(), current.details(), e.accountId(), current.ownerId());
            }
            if (event instanceof ContactUnlinkedFromAccount) {
                return new Contact(current.id(), current.details(), null, current.ownerId());
            }
            if (event instanceof ContactAssigned e) {
                return new Contact(current.id(), current.details(), current.parentAccountId(), e.ownerId());
            }
            return current;
        }
    }

    @Column(name = "email_key")
    public String emailKey;

    @Column(name = "person_key")
    public String personKey;

    @Column(name = "parent_account_id")
    public String parentAccountId;

    @Override
    protected Class<Contact> recordType() {
        return Contact.class;
    }

    @Override
    protected void index(Contact contact) {
        emailKey = Names.emailKey(contact.details().email());
        personKey =
                Names.personKey(contact.details().firstName(), contact.details().lastName());
        parentAccountId = contact.parentAccountId();
    }

    public Contact contact() {
        return record();
    }
}
