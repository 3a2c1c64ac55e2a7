package dev.crm.platform.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Normal forms used to spot likely duplicates: "Doe Inc." and "DOE, inc" are the same company. */
public final class Names {

    /** Legal-form words that do not tell two companies apart. */
    private static final Set<String> LEGAL_FORMS = Set.of(
            "inc",
            "incorporated",
            "corp",
            "corporation",
            "co",
            "company",
            "ltd",
            "limited",
            "llc",
            "llp",
            "plc",
            "gmbh",
            "ag",
            "sa",
            "sas",
            "sarl",
            "bv",
            "nv",
            "srl",
            "spa",
            "oy",
            "ab");

    /** Lower case, no accents, punctuation as spaces, single spaces. */
    public static String normalise(String value) {
        if (value == null) {
            return "";
        }
        String plain = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
    }

    /** A company name without its trailing legal forms ("Test Coffee Shop, Inc." -> "test coffee shop"). */
    public static String companyKey(String name) {
        List<String> words = new ArrayList<>(Arrays.asList(normalise(name).split(" ")));
        while (words.size() > 1 && LEGAL_FORMS.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    /** A person's name as one key ("Jon", "DOE" -> "jon doe"); empty first names are allowed. */
    public static String personKey(String firstName, String lastName) {
        return (normalise(firstName) + " " + normalise(lastName)).strip();
    }

    public static @Nullable String emailKey(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private Names() {}
}
