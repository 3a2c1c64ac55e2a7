package dev.crm.contactaccount.query;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The contact read model: columns to filter, sort and match duplicates on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "contact_view")
public class ContactRow extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String email;
    @Column(name = "email_key")
    public String emailKey;
    @Column(name = "person_key")
    public String personKey;
    @Column(name = "parent_account_id")
    public String parentAccountId;
    @Column(name = "originating_lead_id")
    public String originatingLeadId;
    @Column(name = "owner_id")
    public String ownerId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "modified_at")
    public Instant modifiedAt;
    public long version;
    @Column(name = "search_text")
    public String searchText;
    public String document;

    public ContactSnapshot snapshot() {
        return Documents.read(document, ContactSnapshot.class, id);
    }

    public void fill(ContactSnapshot s) {
        ContactDetails d = s.details();
        id = s.id();
        firstName = d.firstName();
        lastName = d.lastName();
        email = d.email();
        emailKey = Names.emailKey(d.email());
        personKey = Names.personKey(d.firstName(), d.lastName());
        parentAccountId = s.parentAccountId();
        originatingLeadId = s.originatingLeadId();
        ownerId = s.ownerId();
        createdAt = s.createdAt();
        modifiedAt = s.modifiedAt();
        version = s.version();
        searchText = Documents.searchText(d.firstName(), d.lastName(), d.email(), d.jobTitle(), d.businessPhone(),
                d.mobilePhone(), d.address() == null ? null : d.address().city());
        document = Documents.write(s);
    }
}
