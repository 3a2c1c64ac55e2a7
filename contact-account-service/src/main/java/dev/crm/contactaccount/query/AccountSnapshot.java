package dev.crm.contactaccount.query;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.account.AccountEvent;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import java.time.Instant;

/** What a reader sees of an account: a pure fold over its events (read model and single reads alike). */
public record AccountSnapshot(
        String id,
        AccountDetails details,
        String primaryContactId,
        String originatingLeadId,
        String ownerId,
        Instant createdAt,
        String createdBy,
        Instant modifiedAt,
        String modifiedBy,
        long version) {

    public static AccountSnapshot apply(
            AccountSnapshot s, AccountEvent event, Instant time, String user, long version) {
        if (event instanceof AccountCreated e) {
            return new AccountSnapshot(
                    e.accountId(),
                    e.details(),
                    e.primaryContactId(),
                    e.originatingLeadId(),
                    e.ownerId(),
                    time,
                    user,
                    time,
                    user,
                    version);
        }
        if (s == null) {
            throw new IllegalStateException("Account " + event.accountId() + " has events before AccountCreated");
        }
        AccountDetails details = s.details;
        String primary = s.primaryContactId;
        String owner = s.ownerId;
        if (event instanceof AccountUpdated e) {
            details = e.details();
        } else if (event instanceof AccountPrimaryContactChanged e) {
            primary = e.primaryContactId();
        } else if (event instanceof AccountAssigned e) {
            owner = e.ownerId();
        }
        return new AccountSnapshot(
                s.id, details, primary, s.originatingLeadId, owner, s.createdAt, s.createdBy, time, user, version);
    }
}
