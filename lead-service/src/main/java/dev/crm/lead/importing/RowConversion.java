package dev.crm.lead.importing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crm.events.v1.PurchaseProcess;
import dev.crm.events.v1.PurchaseTimeframe;
import dev.crm.events.v1.Rating;
import dev.crm.events.v1.lead.LeadDetails;
import dev.crm.events.v1.lead.LeadSource;
import dev.crm.events.v1.lead.PreferredContactMethod;
import dev.crm.lead.api.LeadInput;
import dev.crm.platform.web.RequestJson;
import dev.crm.platform.web.TextRules;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row's text values to a lead, validated exactly as an API create is (the same input class and constraints).
 * Text is read the way spreadsheets write it: "17 000,50" and "17,000.50" are amounts, "15/12/2026" and Excel's day
 * numbers are dates, "Chaud" is HOT, "oui" is true.
 */
public final class RowConversion {

    /** A value that could not be used: the lead field and why. */
    public record Problem(String field, String reason) {}

    /** Either the lead's details, or what is wrong with the row. */
    public record Result(LeadDetails details, List<Problem> problems) {
        public boolean valid() {
            return details != null;
        }
    }

    /** How much of a refused cell an error quotes. */
    static final int EXCERPT = 200;

    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d/M/uuuu");
    // compiled once: every cell of an import goes through them
    private static final Pattern NOT_AMOUNT = Pattern.compile("[^0-9,.\\-]");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
    private static final Pattern DAY_MONTH_YEAR_DATE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}");
    private static final Pattern SPREADSHEET_DAY = Pattern.compile("(\\d{1,6})(\\.0+)?");
    private static final Map<Class<?>, Map<String, String>> ENUM_NAMES = new ConcurrentHashMap<>();
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final Map<Class<?>, Map<String, String>> ENUM_LABELS = new HashMap<>();

    static {
        labels(Rating.class, "chaud", "HOT", "tiede", "WARM", "froid", "COLD");
        labels(
                LeadSource.class,
                "publicite",
                "ADVERTISEMENT",
                "recommandationdunemploye",
                "EMPLOYEE_REFERRAL",
                "recommandationexterne",
                "EXTERNAL_REFERRAL",
                "partenaire",
                "PARTNER",
                "relationspubliques",
                "PUBLIC_RELATIONS",
                "seminaire",
                "SEMINAR",
                "salon",
                "TRADE_SHOW",
                "salonprofessionnel",
                "TRADE_SHOW",
                "salondelexposition",
                "TRADE_SHOW",
                "siteweb",
                "WEB",
                "boucheaoreille",
                "WORD_OF_MOUTH",
                "autre",
                "OTHER");
        labels(
                PurchaseTimeframe.class,
                "immediat",
                "IMMEDIATE",
                "cetrimestre",
                "THIS_QUARTER",
                "trimestreprochain",
                "NEXT_QUARTER",
                "prochaintrimestre",
                "NEXT_QUARTER",
                "cetteannee",
                "THIS_YEAR",
                "inconnu",
                "UNKNOWN");
        labels(
                PurchaseProcess.class,
                "individuel",
                "INDIVIDUAL",
                "individual",
                "INDIVIDUAL",
                "comite",
                "COMMITTEE",
                "inconnu",
                "UNKNOWN");
        labels(
                PreferredContactMethod.class,
                "tous",
                "ANY",
                "nimportelequel",
                "ANY",
                "courriel",
                "EMAIL",
                "telephone",
                "PHONE",
                "telecopie",
                "FAX",
                "courrier",
                "MAIL");
    }

    private final Validator validator;
    private final String defaultCurrency;

    public RowConversion(Validator validator, String defaultCurrency) {
        this.validator = validator;
        this.defaultCurrency = defaultCurrency;
    }

    /** {@code fields}: lead field to text (see {@link LeadColumns}); {@code defaultSource} fills an empty lead source. */
    public Result convert(Map<String, String> fields, LeadSource defaultSource) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String currency =
                fields.getOrDefault("currency", defaultCurrency).strip().toUpperCase(java.util.Locale.ROOT);
        fields.forEach((field, text) -> {
            try {
                put(body, field, text, currency);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(field, e.getMessage()));
            }
        });
        if (!body.has("leadSource") && defaultSource != null) {
            body.put("leadSource", defaultSource.name());
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        LeadInput input;
        try {
            // read as an API create body is: the same text rules, so that every row imported can be stored
            input = RequestJson.mapper().treeToValue(body, LeadInput.class);
        } catch (TextRules.Refused e) {
            return new Result(null, List.of(new Problem(fieldOf(e), e.reason())));
        } catch (Exception e) {
            return new Result(null, List.of(new Problem(null, "cannot be read")));
        }
        for (ConstraintViolation<LeadInput> violation : validator.validate(input)) {
            problems.add(new Problem(violation.getPropertyPath().toString(), violation.getMessage()));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(p -> p.field() == null ? "" : p.field()));
            return new Result(null, problems);
        }
        return new Result(input.toDetails(), List.of());
    }

    private static String fieldOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** A cell as an error may quote it: short, and with no character a read model could not store. */
    static String quoted(String text) {
        return "\"" + TextRules.excerpt(text, EXCERPT) + "\"";
    }

    private void put(ObjectNode body, String field, String text, String currency) {
        switch (field) {
            case "currency" -> {
                // read with the amounts
            }
            case "budgetAmount", "estimatedValue" -> {
                ObjectNode money = body.putObject(field);
                money.put("amount", amount(text));
                money.put("currency", currency);
            }
            case "estimatedCloseDate" -> body.put(field, date(text).toString());
            case "decisionMaker" -> body.put(field, yesNo(text));
            case "rating" -> body.put(field, constant(Rating.class, text));
            case "leadSource" -> body.put(field, constant(LeadSource.class, text));
            case "purchaseTimeframe" -> body.put(field, constant(PurchaseTimeframe.class, text));
            case "purchaseProcess" -> body.put(field, constant(PurchaseProcess.class, text));
            case "preferredContactMethod" -> body.put(field, constant(PreferredContactMethod.class, text));
            default -> {
                if (field.startsWith("address.")) {
                    ObjectNode address =
                            body.has("address") ? (ObjectNode) body.get("address") : body.putObject("address");
                    address.put(field.substring("address.".length()), text);
                } else {
                    body.put(field, text);
                }
            }
        }
    }

    static BigDecimal amount(String text) {
        String digits = NOT_AMOUNT.matcher(text).replaceAll("");
        if (digits.contains(",") && digits.contains(".")) {
            // the last separator is the decimal one: 17,000.50 or 17.000,50
            digits = digits.lastIndexOf(',') > digits.lastIndexOf('.')
                    ? digits.replace(".", "").replace(',', '.')
                    : digits.replace(",", "");
        } else if (digits.contains(",")) {
            digits = digits.replace(',', '.');
        }
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an amount, such as 17000 or 17 000,50; not " + quoted(text));
        }
    }

    static LocalDate date(String text) {
        String value = text.strip();
        try {
            if (ISO_DATE.matcher(value).matches()) {
                return LocalDate.parse(value.substring(0, 10));
            }
            if (DAY_MONTH_YEAR_DATE.matcher(value).matches()) {
                return LocalDate.parse(value, DAY_MONTH_YEAR);
            }
            Matcher serial = SPREADSHEET_DAY.matcher(value);
            if (serial.matches()) {
                // a spreadsheet's date cell: days since 1899-12-30
                return EXCEL_EPOCH.plusDays(Long.parseLong(serial.group(1)));
            }
        } catch (DateTimeParseException e) {
            // falls through
        }
        throw new IllegalArgumentException("must be a date, such as 2026-12-15 or 15/12/2026; not " + quoted(text));
    }

    static boolean yesNo(String text) {
        return switch (LeadColumns.normalise(text)) {
            case "true", "yes", "y", "oui", "o", "1", "x", "vrai" -> true;
            case "false", "no", "n", "non", "0", "faux" -> false;
            default ->
                throw new IllegalArgumentException(
                        "must be yes or no (oui, non, true, false, 1, 0); not " + quoted(text));
        };
    }

    /** The constant of {@code type} that {@code text} names (its name or a usual label); throws with the choices. */
    public static <E extends Enum<E>> String constantName(Class<E> type, String text) {
        return constant(type, text);
    }

    static <E extends Enum<E>> String constant(Class<E> type, String text) {
        String key = LeadColumns.normalise(text);
        String name =
                ENUM_NAMES.computeIfAbsent(type, RowConversion::normalisedNames).get(key);
        if (name != null) {
            return name;
        }
        String label = ENUM_LABELS.getOrDefault(type, Map.of()).get(key);
        if (label != null) {
            return label;
        }
        throw new IllegalArgumentException(
                "must be one of " + Arrays.toString(type.getEnumConstants()) + "; not " + quoted(text));
    }

    private static Map<String, String> normalisedNames(Class<?> type) {
        Map<String, String> names = new HashMap<>();
        for (Object value : type.getEnumConstants()) {
            names.put(LeadColumns.normalise(((Enum<?>) value).name()), ((Enum<?>) value).name());
        }
        return names;
    }

    private static void labels(Class<?> type, String... pairs) {
        Map<String, String> map = ENUM_LABELS.computeIfAbsent(type, t -> new HashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
    }
}
