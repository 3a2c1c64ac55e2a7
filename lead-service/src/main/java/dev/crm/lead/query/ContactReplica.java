package dev.crm.lead.query;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What lead-service knows of a contact: enough to spot duplicates and to fill a lead's empty fields. */
@Entity
@Table(name = "contact_replica")
public class ContactReplica extends PanacheEntityBase {

    public record Contact(String id, ContactDetails details, String parentAccountId) {
    }

    @Id
    public String id;
    @Column(name = "email_key")
    public String emailKey;
    @Column(name = "person_key")
    public String personKey;
    @Column(name = "parent_account_id")
    public String parentAccountId;
    @Column(name = "created_at")
    public java.time.Instant createdAt;
    public long version;
    public String document;

    public Contact contact() {
        return Documents.read(document, Contact.class, id);
    }

    void fill(Contact contact, long newVersion) {
        id = contact.id();
        emailKey = Names.emailKey(contact.details().email());
        personKey = Names.personKey(contact.details().firstName(), contact.details().lastName());
        parentAccountId = contact.parentAccountId();
        version = newVersion;
        document = Documents.write(contact);
    }
}
