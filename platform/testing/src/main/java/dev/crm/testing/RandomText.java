package dev.crm.testing;

import java.util.Random;

/**
 * Random strings for properties about text: mostly what people type (ASCII, accented and non-Latin letters, emoji),
 * often what breaks storage or parsing (NUL and other control characters, unpaired surrogates, line breaks, byte-order
 * marks, the replacement character, bidirectional marks).
 */
public final class RandomText {

    private static final char[] AWKWARD = {
        '\u0000', '\u0001', '\u0007', '\u0008', '\t', '\n', '\r', '\u000B', '\u001B', '\u007F', '\u0085', '\u009F',
        '\uFEFF', '\uFFFD', '\u200D', '\u202E', '\u2028', '\'', '"', '\\', '%', '_', '<', '>', '&', ';'
    };
    private static final String LETTERS = "aeiouyçéèàùâœßñøåÆĲİıΣσςЖжשׁعربي中文日本語한국어";

    private final Random random;

    public RandomText(long seed) {
        this.random = new Random(seed);
    }

    public String next(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length * 2);
        while (text.length() < length) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                text.append((char) (' ' + random.nextInt(95)));
            } else if (kind < 11) {
                text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            } else if (kind < 13) {
                text.appendCodePoint(0x1F300 + random.nextInt(0x2FF)); // emoji: a surrogate pair
            } else if (kind < 16) {
                text.append(AWKWARD[random.nextInt(AWKWARD.length)]);
            } else if (kind < 17) {
                text.append((char) (0xD800 + random.nextInt(0x800))); // a lone high or low surrogate
            } else if (kind < 18) {
                text.append((char) random.nextInt(0x20));
            } else {
                text.append((char) (0x00A0 + random.nextInt(0x2000)));
            }
        }
        return text.toString();
    }

    /** {@code text} as a JSON string literal, every character outside printable ASCII escaped (lone surrogates too). */
    public static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c >= ' ' && c < 0x7F) {
                json.append(c);
            } else {
                json.append(String.format("\\u%04x", (int) c));
            }
        }
        return json.append('"').toString();
    }

    private RandomText() {
        this(0);
    }
}
