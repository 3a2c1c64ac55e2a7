package dev.crm.lead.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.platform.web.Inputs;
import dev.crm.testing.Contracts;
import org.junit.jupiter.api.Test;

/** What the API accepts is what the published event schema allows: a lead that was accepted is never an invalid event. */
class LengthLimitsTest {

    @Test
    void leadInputLimitsAreTheSchemasLeadDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(LeadInput.class, "LeadDetails"))
                .isEmpty();
    }

    @Test
    void addressInputLimitsAreTheSchemasAddressLimits() {
        assertThat(Contracts.lengthLimitMismatches(Inputs.AddressInput.class, "Address"))
                .isEmpty();
    }
}
