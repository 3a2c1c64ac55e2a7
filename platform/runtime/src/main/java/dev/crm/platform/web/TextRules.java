package dev.crm.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jspecify.annotations.Nullable;

/**
 * What text every read model can store, decided once for every route that takes text (request bodies, merge patches,
 * query parameters, import rows): valid Unicode (no unpaired surrogate, which PostgreSQL's UTF-8 cannot hold) and no
 * control character, NUL above all (PostgreSQL refuses it in text). Tab, line feed and carriage return are text in a
 * {@link MultiLine} field only; in a name, an e-mail or a phone number they are refused like the others. Dates
 * likewise stay within the years a read model stores ({@link #yearRefusal}).
 */
public final class TextRules {

    /** The years a date or an instant may have: what PostgreSQL's date and timestamptz hold, and ISO's four digits. */
    public static final int MIN_YEAR = 1;

    public static final int MAX_YEAR = 9999;

    /** Why a date or instant of {@code year} cannot be stored, or null. */
    public static @Nullable String yearRefusal(int year) {
        return year < MIN_YEAR || year > MAX_YEAR ? "must be between the years " + MIN_YEAR + " and " + MAX_YEAR : null;
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    public static @Nullable String refusal(CharSequence text, boolean multiLine) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7F) {
                continue; // printable ASCII, the common case
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (" + codePoint(c) + "): it is not valid Unicode text";
            }
            if (Character.getType(c) == Character.CONTROL) {
                if (multiLine && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                if (c == 0) {
                    return "contains a NUL character (U+0000)";
                }
                return "contains the control character " + codePoint(c)
                        + (c == '\t' || c == '\n' || c == '\r'
                                ? "; tabs and line breaks belong in multi-line text" + " such as a description only"
                                : "");
            }
        }
        return null;
    }

    /** Throws {@link Refused} (a 400 naming the field) when {@code text} cannot be stored. */
    public static String require(String field, String text, boolean multiLine) {
        String refusal = text == null ? null : refusal(text, multiLine);
        if (refusal != null) {
            throw dev.crm.platform.domain.DomainException.invalid(field, refusal);
        }
        return text;
    }

    /**
     * {@code text} as it may be echoed in an error (stored, shown, written to CSV): at most {@code max} characters,
     * an ellipsis where it was cut, and each character these rules refuse written as its code point.
     */
    public static @Nullable String excerpt(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0, n = text.length(); i < n; i++) {
            if (out.length() >= max) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.getType(c) == Character.CONTROL) {
                out.append('[').append(codePoint(c)).append(']');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** A JSON string value refused by these rules; the JSON path names the field. */
    public static final class Refused extends MismatchedInputException {
        private final String reason;

        Refused(JsonParser parser, String reason) {
            super(parser, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private TextRules() {}
}
