package dev.crm.contactaccount.api;

import dev.crm.contactaccount.query.AccountSnapshot;
import dev.crm.contactaccount.query.ContactSnapshot;
import dev.crm.events.v1.Address;
import dev.crm.events.v1.account.AccountDetails;
import dev.crm.events.v1.contact.ContactDetails;
import java.time.Instant;

/** Response bodies: the fields of the brief plus id, ownerId, audit fields and version. */
public final class Responses {

    public record Contact(
            String id,
            String firstName,
            String lastName,
            String jobTitle,
            String email,
            String businessPhone,
            String mobilePhone,
            Address address,
            String description,
            String parentAccountId,
            String originatingLeadId,
            String ownerId,
            Instant createdAt,
            String createdBy,
            Instant modifiedAt,
            String modifiedBy,
            long version) {

        static Contact of(ContactSnapshot s) {
            ContactDetails d = s.details();
            return new Contact(
                    s.id(),
                    d.firstName(),
                    d.lastName(),
                    d.jobTitle(),
                    d.email(),
                    d.businessPhone(),
                    d.mobilePhone(),
                    d.address(),
                    d.description(),
                    s.parentAccountId(),
                    s.originatingLeadId(),
                    s.ownerId(),
                    s.createdAt(),
                    s.createdBy(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.version());
        }
    }

    public record Account(
            String id,
            String name,
            String website,
            String phone,
            String industry,
            Address address,
            String description,
            String primaryContactId,
            String originatingLeadId,
            String ownerId,
            Instant createdAt,
            String createdBy,
            Instant modifiedAt,
            String modifiedBy,
            long version) {

        static Account of(AccountSnapshot s) {
            AccountDetails d = s.details();
            return new Account(
                    s.id(),
                    d.name(),
                    d.website(),
                    d.phone(),
                    d.industry(),
                    d.address(),
                    d.description(),
                    s.primaryContactId(),
                    s.originatingLeadId(),
                    s.ownerId(),
                    s.createdAt(),
                    s.createdBy(),
                    s.modifiedAt(),
                    s.modifiedBy(),
                    s.version());
        }
    }

    /** A likely duplicate, as shown in a 409 duplicates-found and by the look-up endpoints. */
    public record DuplicateContact(String id, String firstName, String lastName, String email, String parentAccountId) {
        static DuplicateContact of(ContactSnapshot s) {
            return new DuplicateContact(
                    s.id(),
                    s.details().firstName(),
                    s.details().lastName(),
                    s.details().email(),
                    s.parentAccountId());
        }
    }

    public record DuplicateAccount(String id, String name, String website) {
        static DuplicateAccount of(AccountSnapshot s) {
            return new DuplicateAccount(s.id(), s.details().name(), s.details().website());
        }
    }

    private Responses() {}
}
