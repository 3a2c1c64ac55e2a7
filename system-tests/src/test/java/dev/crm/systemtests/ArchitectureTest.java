package dev.crm.systemtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.crm.events.v1.CrmEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layering every service keeps, over the four services' main classes and the platform: services import the
 * platform and never one another; inside a service, {@code domain} (aggregates, commands) imports neither {@code api}
 * nor {@code query}; the published events are immutable records.
 */
class ArchitectureTest {

    private static final List<String> SERVICES =
            List.of("dev.crm.lead", "dev.crm.contactaccount", "dev.crm.opportunity", "dev.crm.timeline");
    private static JavaClasses crm;

    /** The compiled main classes of every module (the services' jars stay off this module's classpath). */
    @BeforeAll
    static void importTheCode() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> modules = Stream.of(
                        "platform/events",
                        "platform/runtime",
                        "platform/testing",
                        "lead-service",
                        "contact-account-service",
                        "opportunity-service",
                        "timeline-service")
                .map(module -> root.resolve(module).resolve("target/classes"))
                .toList();
        modules.forEach(
                classes -> assertThat(classes).as("built before this test").isDirectory());
        crm = new ClassFileImporter().importPaths(modules);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.crm.lead", "dev.crm.contactaccount", "dev.crm.opportunity", "dev.crm.timeline"})
    void aServiceImportsThePlatformAndNeverAnotherService(String service) {
        noClasses()
                .that()
                .resideInAPackage(service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream()
                        .filter(s -> !s.equals(service))
                        .map(s -> s + "..")
                        .toArray(String[]::new))
                .because("services share only the platform and the event contracts")
                .check(crm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.crm.lead", "dev.crm.contactaccount", "dev.crm.opportunity", "dev.crm.timeline"})
    void theDomainImportsNeitherTheApiNorTheReadModels(String service) {
        noClasses()
                .that()
                .resideInAPackage(service + ".domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(service + ".api..", service + ".query..")
                .because("aggregates decide and emit; requests and read models are built around them")
                .check(crm);
    }

    @Test
    void thePlatformAndTheContractsImportNoService() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.crm.platform..", "dev.crm.events..", "dev.crm.testing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .check(crm);
    }

    @Test
    void everyEventIsARecord() {
        classes()
                .that()
                .resideInAPackage("dev.crm.events.v1..")
                .and()
                .implement(CrmEvent.class)
                .and()
                .areNotInterfaces()
                .should()
                .beRecords()
                .because("an event is a fact: immutable once published")
                .check(crm);
    }
}
