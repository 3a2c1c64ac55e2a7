package dev.crm.contactaccount.query;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.domain.Names;
import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The contact read model: columns to filter, sort and match duplicates on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "contact_view")
public class ContactRow extends ViewRow<ContactSnapshot> {

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

    @Override
    protected Class<ContactSnapshot> snapshotType() {
        return ContactSnapshot.class;
    }

    @Override
    public void fill(ContactSnapshot s) {
        ContactDetails d = s.details();
        firstName = d.firstName();
        lastName = d.lastName();
        email = d.email();
        emailKey = Names.emailKey(d.email());
        personKey = Names.personKey(d.firstName(), d.lastName());
        parentAccountId = s.parentAccountId();
        originatingLeadId = s.originatingLeadId();
        store(
                s,
                s.id(),
                s.ownerId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(
                        d.firstName(),
                        d.lastName(),
                        d.email(),
                        d.jobTitle(),
                        d.businessPhone(),
                        d.mobilePhone(),
                        d.address() == null ? null : d.address().city()));
    }
}
