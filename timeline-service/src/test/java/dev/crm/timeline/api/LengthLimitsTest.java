package dev.crm.timeline.api;

import dev.crm.testing.Contracts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API accepts is what the published event schemas allow. */
class LengthLimitsTest {

    @Test
    void activityInputLimitsAreTheSchemasActivityDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(ActivityInput.class, "ActivityDetails")).isEmpty();
    }
}
