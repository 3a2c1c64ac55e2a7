package dev.crm.lead.api;

import static dev.crm.lead.api.LeadApiTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crm.events.v1.CloudEventHeaders;
import dev.crm.events.v1.Topics;
import dev.crm.platform.axon.AxonRuntime;
import dev.crm.testing.CrmTestInfrastructure;
import dev.crm.testing.KafkaTopics;
import dev.crm.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;

/**
 * A relay that starts again from an older position (a replica killed after Kafka took a batch but before its token was
 * stored, whose segment a survivor then claims) finds those events already on their partitions and does not append
 * them a second time; what is new after that is published as usual.
 */
@QuarkusTest
@QuarkusTestResource(value = CrmTestInfrastructure.class, restrictToAnnotatedClass = false)
class RelayTakeoverTest {

    @Inject
    AxonRuntime axon;

    @Inject
    MeterRegistry registry;

    @Test
    void aRelayTakingOverFromAnOlderPositionAppendsNothingTwice() {
        String token = TestTokens.salesperson("alice");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(token, "{\"topic\":\"takeover " + i + "\",\"lastName\":\"Doe\"}"));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ids.stream().allMatch(id -> !keyed(id).isEmpty()));
        double skippedBefore = skipped();

        TrackingEventProcessor relay = axon.configuration()
                .eventProcessingConfiguration()
                .eventProcessor(AxonRuntime.RELAY_PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow();
        relay.shutDown();
        // back to the start of the store: every event is handled again, as after a takeover from a stale token
        relay.resetTokens();
        relay.start();
        String after = create(token, "{\"topic\":\"after the takeover\",\"lastName\":\"Doe\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !keyed(after).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> skipped() - skippedBefore >= ids.size());

        ids.add(after);
        for (String id : ids) {
            Map<String, Long> copies = keyed(id).stream()
                    .collect(Collectors.groupingBy(
                            r -> KafkaTopics.header(r, CloudEventHeaders.ID), Collectors.counting()));
            assertThat(copies).as("records of lead " + id).hasSize(1).containsValue(1L);
        }
    }

    private double skipped() {
        var counter = registry.find("crm.relay.skipped").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ConsumerRecord<String, byte[]>> keyed(String id) {
        return KafkaTopics.readAll(Topics.LEAD, r -> id.equals(r.key()));
    }
}
