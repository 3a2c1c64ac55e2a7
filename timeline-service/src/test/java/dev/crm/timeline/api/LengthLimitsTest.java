package dev.crm.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.testing.Contracts;
import org.junit.jupiter.api.Test;

/** What the API accepts is what the published event schemas allow. */
class LengthLimitsTest {

    @Test
    void activityInputLimitsAreTheSchemasActivityDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(ActivityInput.class, "ActivityDetails"))
                .isEmpty();
    }
}
