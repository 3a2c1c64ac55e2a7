package dev.crm.contactaccount.api;

import dev.crm.testing.Contracts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API accepts is what the published event schemas allow. */
class LengthLimitsTest {

    @Test
    void contactInputLimitsAreTheSchemasContactDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(ContactInput.class, "ContactDetails")).isEmpty();
    }

    @Test
    void accountInputLimitsAreTheSchemasAccountDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(AccountInput.class, "AccountDetails")).isEmpty();
    }
}
