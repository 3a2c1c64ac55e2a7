package dev.crm.lead.importing;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which lead field each column of a file fills. By default a column is matched by the field's name or its usual
 * display labels, in English and in French ("Topic"/"Rubrique", "Last Name"/"Nom", "Company Name"/"Société"),
 * ignoring case, accents, spaces and punctuation; an explicit mapping (column to field) comes first.
 */
public final class LeadColumns {

    /** The fields an import fills; dotted ones are parts of the address. */
    public static final List<String> FIELDS = List.of(
            "topic",
            "firstName",
            "lastName",
            "jobTitle",
            "email",
            "businessPhone",
            "mobilePhone",
            "companyName",
            "website",
            "address.street",
            "address.city",
            "address.postalCode",
            "address.stateOrProvince",
            "address.country",
            "industry",
            "preferredContactMethod",
            "leadSource",
            "rating",
            "budgetAmount",
            "purchaseTimeframe",
            "purchaseProcess",
            "estimatedCloseDate",
            "estimatedValue",
            "currency",
            "description",
            "decisionMaker");

    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        labels("topic", "topic", "subject", "rubrique", "sujet", "objet");
        labels("firstName", "first name", "firstname", "given name", "prénom", "prenom");
        labels("lastName", "last name", "lastname", "surname", "family name", "nom", "nom de famille");
        labels("jobTitle", "job title", "title", "position", "fonction", "poste", "titre du poste");
        labels("email", "email", "e-mail", "email address", "adresse e-mail", "adresse email", "courriel", "mail");
        labels(
                "businessPhone",
                "business phone",
                "phone",
                "work phone",
                "téléphone professionnel",
                "téléphone",
                "tél. professionnel",
                "telephone");
        labels(
                "mobilePhone",
                "mobile phone",
                "mobile",
                "cell phone",
                "téléphone mobile",
                "portable",
                "téléphone portable");
        labels(
                "companyName",
                "company name",
                "company",
                "organization",
                "société",
                "nom de la société",
                "entreprise",
                "nom de l'entreprise",
                "compte");
        labels("website", "website", "web site", "site web", "site internet");
        labels("address.street", "street", "street 1", "address", "address 1", "rue", "rue 1", "adresse", "adresse 1");
        labels("address.city", "city", "town", "ville");
        labels("address.postalCode", "postal code", "zip", "zip code", "zip/postal code", "code postal");
        labels(
                "address.stateOrProvince",
                "state",
                "province",
                "state/province",
                "region",
                "état/province",
                "état ou province",
                "région",
                "département");
        labels("address.country", "country", "country/region", "pays", "pays/région");
        labels("industry", "industry", "secteur", "secteur d'activité", "industrie");
        labels(
                "preferredContactMethod",
                "preferred contact method",
                "preferred method of contact",
                "mode de contact préféré",
                "méthode de contact préférée");
        labels("leadSource", "lead source", "source", "origine", "origine du prospect", "source du prospect");
        labels("rating", "rating", "évaluation", "note", "classement");
        labels("budgetAmount", "budget", "budget amount", "montant du budget");
        labels("purchaseTimeframe", "purchase timeframe", "timeframe", "délai d'achat", "échéance d'achat");
        labels("purchaseProcess", "purchase process", "processus d'achat");
        labels(
                "estimatedCloseDate",
                "estimated close date",
                "close date",
                "date de clôture estimée",
                "date de conclusion estimée");
        labels("estimatedValue", "estimated value", "est. value", "valeur estimée", "montant estimé");
        labels("currency", "currency", "devise", "monnaie");
        labels("description", "description", "notes", "commentaires");
        labels("decisionMaker", "decision maker", "décideur", "decideur");
    }

    /** Normalised column name to field; "" leaves the column out. */
    private final Map<String, String> explicit;
    /** The field of each column seen, looked up once per import instead of once per cell (bounded: XML names vary). */
    private final Map<String, Optional<String>> fieldsByColumn = new ConcurrentHashMap<>();

    private static final int MAX_REMEMBERED_COLUMNS = 1_000;

    private LeadColumns(Map<String, String> explicit) {
        this.explicit = explicit;
    }

    /**
     * {@code explicit}: column name to field name, before the labels; a field named "" (or null) leaves the column
     * out. Throws {@link ImportFileException} when it names an unknown field.
     */
    /** The upload's {@code mapping} option: a JSON object of column names to lead fields (none: empty). */
    public static Map<String, String> mapping(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return dev.crm.platform.web.RequestJson.mapper()
                    .readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
        } catch (java.io.IOException e) {
            throw dev.crm.platform.domain.DomainException.invalid(
                    "mapping",
                    "must be a JSON object of column names to lead fields, such as" + " {\"Nom\":\"lastName\"}");
        }
    }

    public static LeadColumns of(Map<String, String> explicit) {
        Map<String, String> normalised = new LinkedHashMap<>();
        if (explicit != null) {
            explicit.forEach((column, field) -> {
                String target = field == null ? "" : field.strip();
                if (!target.isEmpty() && !FIELDS.contains(target)) {
                    throw new ImportFileException(
                            400,
                            "import-mapping-invalid",
                            "The mapping of column \"" + column + "\" names no lead field: \"" + field
                                    + "\"; the fields are " + FIELDS);
                }
                normalised.put(normalise(column), target);
            });
        }
        return new LeadColumns(normalised);
    }

    /** The field a column fills, or null. */
    public String field(String column) {
        Optional<String> known = fieldsByColumn.get(column);
        if (known == null) {
            known = fieldOf(column);
            if (fieldsByColumn.size() < MAX_REMEMBERED_COLUMNS) {
                fieldsByColumn.put(column, known);
            }
        }
        return known.orElse(null);
    }

    private Optional<String> fieldOf(String column) {
        String key = normalise(column);
        String field = explicit.containsKey(key) ? explicit.get(key) : LABELS.get(key);
        return field == null || field.isEmpty() ? Optional.empty() : Optional.of(field);
    }

    /**
     * Checks the columns of a file that names them up front (CSV, .xlsx): every explicitly mapped column exists, and
     * some column gives the topic and the last name.
     */
    public void check(List<String> columns) {
        List<String> normalisedColumns =
                columns.stream().map(LeadColumns::normalise).toList();
        explicit.keySet().forEach(column -> {
            if (!normalisedColumns.contains(column)) {
                throw new ImportFileException(
                        400,
                        "import-mapping-invalid",
                        "The mapping names a column (" + column + ") that the file does not have; its columns are "
                                + columns);
            }
        });
        for (String required : List.of("topic", "lastName")) {
            if (columns.stream().noneMatch(c -> required.equals(field(c)))) {
                throw new ImportFileException(
                        400,
                        "import-mapping-invalid",
                        "No column gives the lead's " + required
                                + " (a required field) among " + columns
                                + "; name one with a mapping, e.g. {\"My column\":\""
                                + required + "\"}");
            }
        }
    }

    /** The row's values by lead field, blank ones left out; the first column of a field wins. */
    public Map<String, String> fields(SourceRow row) {
        Map<String, String> fields = new LinkedHashMap<>();
        row.values().forEach((column, value) -> {
            String field = field(column);
            if (field != null && value != null && !value.isBlank()) {
                fields.putIfAbsent(field, value.strip());
            }
        });
        return fields;
    }

    /** Column to field for {@code columns} (as shown with the import). */
    public Map<String, String> applied(List<String> columns) {
        Map<String, String> applied = new LinkedHashMap<>();
        columns.forEach(c -> applied.put(c, field(c)));
        return applied;
    }

    /** Lower case, without accents, spaces or punctuation: "Société " and "societe" are one name. */
    static String normalise(String name) {
        // called for every cell of an import: plain ASCII (most names and values) skips the Unicode decomposition
        String lower = name.toLowerCase(Locale.ROOT);
        String decomposed = isAscii(lower) ? lower : Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void labels(String field, String... names) {
        LABELS.put(normalise(field), field);
        for (String name : names) {
            LABELS.putIfAbsent(normalise(name), field);
        }
    }
}
