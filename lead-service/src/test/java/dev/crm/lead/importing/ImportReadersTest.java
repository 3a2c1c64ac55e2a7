package dev.crm.lead.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadSource;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers and the row conversion on real files, without the service. */
class ImportReadersTest {

    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void validator() {
        validator = Validation.buildDefaultValidatorFactory().getValidator();
    }

    static Path sample(String name) {
        try {
            return Path.of(
                    ImportReadersTest.class.getResource("/imports/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SourceRow> all(RowSource source) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (source) {
            for (SourceRow row; (row = source.next()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void aSemicolonCsvWithAByteOrderMarkFrenchHeadersAndAQuotedNewlineIsReadRowByRow() throws IOException {
        RowSource csv = ImportFormat.CSV.open(sample("salon-fr.csv"), null, 1, 1);
        assertThat(csv.columns()).first().isEqualTo("Rubrique");
        LeadColumns columns = LeadColumns.of(Map.of());
        columns.check(csv.columns());
        List<SourceRow> rows = all(csv);
        assertThat(rows).hasSize(6);
        Map<String, String> first = columns.fields(rows.get(0));
        assertThat(first)
                .containsEntry("topic", "Machine à café pour l'accueil")
                .containsEntry("lastName", "Durand")
                .containsEntry("companyName", "Café Durand")
                .containsEntry("address.city", "Lyon")
                .containsEntry("description", "Rencontrée au salon.\nRappeler lundi ; demander le volume");
        RowConversion.Result lead = new RowConversion(validator, "USD").convert(first, null);
        assertThat(lead.problems()).isEmpty();
        assertThat(lead.details().rating()).isEqualTo(Rating.HOT);
        assertThat(lead.details().budgetAmount().amount()).isEqualByComparingTo(new BigDecimal("17000.50"));
        assertThat(lead.details().budgetAmount().currency()).isEqualTo("EUR");
        assertThat(lead.details().estimatedCloseDate()).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(lead.details().leadSource()).isEqualTo(LeadSource.TRADE_SHOW);
    }

    @Test
    void eachInvalidRowNamesItsFieldAndReason() throws IOException {
        LeadColumns columns = LeadColumns.of(Map.of());
        RowConversion conversion = new RowConversion(validator, "USD");
        List<String> outcomes = new ArrayList<>();
        for (SourceRow row : all(ImportFormat.CSV.open(sample("salon-fr.csv"), null, 1, 1))) {
            RowConversion.Result result = conversion.convert(columns.fields(row), LeadSource.OTHER);
            outcomes.add(row.number() + ":"
                    + (result.valid()
                            ? "ok"
                            : result.problems().stream()
                                    .map(RowConversion.Problem::field)
                                    .toList()));
        }
        assertThat(outcomes).containsExactly("1:ok", "2:ok", "3:[lastName]", "4:[email]", "5:[rating]", "6:ok");
    }

    @Test
    void aMissingRequiredColumnOrAMappingToNoFieldIsRefusedUpFront() throws IOException {
        Path file = dir.resolve("no-topic.csv");
        Files.writeString(file, "Last Name,City\nDoe,Paris\n");
        try (RowSource csv = ImportFormat.CSV.open(file, null, 1, 1)) {
            assertThatThrownBy(() -> LeadColumns.of(Map.of()).check(csv.columns()))
                    .isInstanceOf(ImportFileException.class)
                    .hasMessageContaining("topic");
            LeadColumns.of(Map.of("City", "topic")).check(csv.columns());
        }
        assertThatThrownBy(() -> LeadColumns.of(Map.of("City", "town")))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining("names no lead field");
    }

    @Test
    void xmlRowsTakeElementNamesAsColumnsIncludingNestedAndFrenchOnes() throws IOException {
        LeadColumns columns = LeadColumns.of(Map.of());
        List<SourceRow> rows = all(ImportFormat.XML.open(sample("trade-show.xml"), null, 1, 1));
        assertThat(rows).hasSize(3);
        assertThat(columns.fields(rows.get(0)))
                .containsEntry("address.city", "Marseille")
                .containsEntry("budgetAmount", "8000");
        assertThat(columns.fields(rows.get(2)))
                .containsEntry("topic", "Libellés français")
                .containsEntry("lastName", "Fontaine")
                .containsEntry("description", "Ligne 1\nLigne 2 & <suite>");
    }

    @Test
    void anXmlDocumentWithADoctypeIsRefusedBeforeAnyEntityIsRead() throws IOException {
        // the entity names /etc/hostname: its content must appear nowhere
        String secret = Files.exists(Path.of("/etc/hostname"))
                ? Files.readString(Path.of("/etc/hostname")).strip()
                : "unlikely-text";
        assertThatThrownBy(() -> all(ImportFormat.XML.open(sample("xxe.xml"), null, 1, 1)))
                .isInstanceOf(ImportFileException.class)
                .satisfies(e -> assertThat(((ImportFileException) e).code()).isEqualTo("import-file-refused"))
                .hasMessageNotContaining(secret);
    }

    @Test
    void xlsxRowsComeFromTheFirstOrANamedSheetWithDatesAsDayNumbers() throws IOException {
        Path file = dir.resolve("leads.xlsx");
        XlsxFiles.write(
                file,
                "Leads",
                List.of(
                        List.of("Topic", "Last Name", "Company", "Estimated Close Date", "Budget"),
                        List.of("Grinder", "Doe", "Doe Inc.", LocalDate.of(2026, 12, 15), 17000)),
                "Other",
                List.of(List.of("Topic", "Last Name"), List.of("Second sheet", "Smith")));
        LeadColumns columns = LeadColumns.of(Map.of());
        List<SourceRow> first = all(ImportFormat.XLSX.open(file, null, 1 << 20, 1 << 22));
        assertThat(first).hasSize(1);
        RowConversion.Result lead = new RowConversion(validator, "USD").convert(columns.fields(first.get(0)), null);
        assertThat(lead.problems()).isEmpty();
        assertThat(lead.details().estimatedCloseDate()).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(lead.details().budgetAmount().amount()).isEqualByComparingTo("17000");
        assertThat(all(ImportFormat.XLSX.open(file, "Other", 1 << 20, 1 << 22))
                        .get(0)
                        .values())
                .containsEntry("Last Name", "Smith");
        assertThatThrownBy(() -> ImportFormat.XLSX.open(file, "Missing", 1 << 20, 1 << 22))
                .isInstanceOf(ImportFileException.class)
                .hasMessageContaining("Leads");
    }

    @Test
    void anXlsxZipBombIsRefusedAfterABoundedInflation() throws IOException {
        Path bomb = dir.resolve("bomb.xlsx");
        long unpacked = XlsxFiles.bomb(bomb, 300L << 20);
        assertThat(Files.size(bomb)).as("the bomb is small on disk").isLessThan(8L << 20);
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        assertThatThrownBy(() -> ImportFormat.XLSX.open(bomb, null, 256L << 20, 512L << 20))
                .isInstanceOf(ImportFileException.class)
                .satisfies(e -> assertThat(((ImportFileException) e).status()).isEqualTo(413))
                .hasMessageContaining("unpacks to more than");
        long after = runtime.totalMemory() - runtime.freeMemory();
        assertThat(unpacked).isEqualTo(300L << 20);
        assertThat(after - before).as("heap growth while refusing").isLessThan(64L << 20);
    }

    @Test
    void notAZipIsAnUnreadableWorkbook() throws IOException {
        Path file = dir.resolve("fake.xlsx");
        Files.writeString(file, "Topic,Last Name\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ImportFormat.XLSX.open(file, null, 1 << 20, 1 << 22))
                .isInstanceOf(ImportFileException.class)
                .satisfies(e -> assertThat(((ImportFileException) e).code()).isEqualTo("import-file-unreadable"));
    }

    @Test
    void spreadsheetTextIsReadAsUsersWriteIt() {
        assertThat(RowConversion.amount("17 000,50")).isEqualByComparingTo("17000.50");
        assertThat(RowConversion.amount("17,000.50")).isEqualByComparingTo("17000.50");
        assertThat(RowConversion.amount("17.000,50")).isEqualByComparingTo("17000.50");
        assertThat(RowConversion.date("15/12/2026")).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(RowConversion.date("46371")).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(RowConversion.yesNo("Oui")).isTrue();
        assertThat(RowConversion.constant(Rating.class, "Tiède")).isEqualTo("WARM");
        assertThat(RowConversion.constant(LeadSource.class, "Trade show")).isEqualTo("TRADE_SHOW");
        assertThat(LeadColumns.normalise(" Société ")).isEqualTo("societe");
        assertThatThrownBy(() -> RowConversion.date("tomorrow")).hasMessageContaining("must be a date");
    }
}
