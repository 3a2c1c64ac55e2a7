package dev.crm.events.v1.account;

import java.util.List;

/**
 * The account's details changed. {@code changedFields} names the top-level fields of {@link AccountDetails} whose
 * value differs from before; {@code details} is the complete state after the change.
 *
 * @param sourceLeadId set when the change filled empty fields from a lead qualified into this existing account
 */
public record AccountUpdated(String accountId, List<String> changedFields, AccountDetails details, String sourceLeadId)
        implements AccountEvent {}
