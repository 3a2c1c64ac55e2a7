package dev.crm.contactaccount.query;

import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactEvent;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import java.time.Instant;

/** What a reader sees of a contact: a pure fold over its events (read model and single reads alike). */
public record ContactSnapshot(
        String id,
        ContactDetails details,
        String parentAccountId,
        String originatingLeadId,
        String ownerId,
        Instant createdAt,
        String createdBy,
        Instant modifiedAt,
        String modifiedBy,
        long version) {

    public static ContactSnapshot apply(
            ContactSnapshot s, ContactEvent event, Instant time, String user, long version) {
        if (event instanceof ContactCreated e) {
            return new ContactSnapshot(
                    e.contactId(),
                    e.details(),
                    e.parentAccountId(),
                    e.originatingLeadId(),
                    e.ownerId(),
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (s == null) {
            throw new IllegalStateException("Contact " + event.contactId() + " has events before ContactCreated");
        }
        ContactDetails details = s.details;
        String account = s.parentAccountId;
        String owner = s.ownerId;
        if (event instanceof ContactUpdated e) {
            details = e.details();
        } else if (event instanceof ContactLinkedToAccount e) {
            account = e.accountId();
        } else if (event instanceof ContactUnlinkedFromAccount) {
            account = null;
        } else if (event instanceof ContactAssigned e) {
            owner = e.ownerId();
        }
        return new ContactSnapshot(
                s.id, details, account, s.originatingLeadId, owner, s.createdAt, s.createdBy, time, user, version);
    }
}
