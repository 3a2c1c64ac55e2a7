package dev.crm.lead.query;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** What lead-service knows of a contact: enough to spot duplicates and to fill a lead's empty fields. */
@Entity
@Table(name = "contact_replica")
public class ContactReplica extends ReplicaRow<ContactReplica.Contact> {

    public record Contact(String id, ContactDetails details, String parentAccountId) {
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
        personKey = Names.personKey(contact.details().firstName(), contact.details().lastName());
        parentAccountId = contact.parentAccountId();
    }

    public Contact contact() {
        return record();
    }
}
