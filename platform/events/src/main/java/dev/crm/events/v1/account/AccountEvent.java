package dev.crm.events.v1.account;

import dev.crm.events.v1.CrmEvent;

/** An event of the Account aggregate, published on {@code crm.account.v1} keyed by {@link #accountId()}. */
public interface AccountEvent extends CrmEvent {
    String accountId();

    @Override
    default String aggregateId() {
        return accountId();
    }
}
