package dev.crm.events.v1.contact;

import java.util.List;

/**
 * The contact's details changed. {@code changedFields} names the top-level fields of {@link ContactDetails} whose
 * value differs from before; {@code details} is the complete state after the change.
 *
 * @param sourceLeadId set when the change filled empty fields from a lead qualified into this existing contact
 */
public record ContactUpdated(String contactId, List<String> changedFields, ContactDetails details, String sourceLeadId)
        implements ContactEvent {}
