package dev.crm.opportunity.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crm.opportunity.domain.SalesProcess;
import dev.crm.testing.Contracts;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the API accepts is what the published event schemas allow, and the steps patch names every step. */
class LengthLimitsTest {

    @Test
    void opportunityInputLimitsAreTheSchemasOpportunityDetailsLimits() {
        assertThat(Contracts.lengthLimitMismatches(OpportunityInput.class, "OpportunityDetails"))
                .isEmpty();
    }

    @Test
    void stepInputLimitsAreTheSchemasStepLimits() {
        assertThat(Contracts.lengthLimitMismatches(ProcessStepsInput.class, "OpportunitySteps"))
                .isEmpty();
    }

    @Test
    void theStepsPatchTakesExactlyTheStepsOfTheSalesProcessInTheirOrder() {
        assertThat(Arrays.stream(ProcessStepsInput.class.getFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .map(Field::getName))
                .containsExactlyElementsOf(
                        SalesProcess.STEPS.stream().map(SalesProcess.Step::name).toList());
    }
}
