package dev.crm.contactaccount.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.testing.Contracts;
import org.junit.jupiter.api.Test;

/** What the API accepts is what the published event schemas allow. */
class LengthLimitsTest {

    @Test
    void contactInputLimitsAreTheSchemasContactDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(ContactInput.class, "ContactDetails"))
                .isEmpty();
    }

    @Test
    void accountInputLimitsAreTheSchemasAccountDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(AccountInput.class, "AccountDetails"))
                .isEmpty();
    }
}
