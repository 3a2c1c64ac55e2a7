package dev.crm.lead.importing;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV rows (Apache Commons CSV): UTF-8 with or without a byte-order mark; comma or semicolon, whichever the header
 * line holds more of outside quotes; quoted fields may hold newlines; the first record names the columns.
 */
final class CsvRows implements RowSource {

    private static final int HEADER_SCAN_LIMIT = 64 * 1024;

    private final long size;
    private final CountingInputStream counted;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private int number;

    CsvRows(Path file) throws IOException {
        size = Math.max(1, Files.size(file));
        counted = new CountingInputStream(Files.newInputStream(file));
        BufferedInputStream in = new BufferedInputStream(counted, 64 * 1024);
        skipByteOrderMark(in);
        char delimiter = delimiter(in);
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_EMPTY)
                .get();
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (IllegalArgumentException e) {
            throw new ImportFileException(
                    400, "import-file-unreadable", "The CSV header cannot be read: " + e.getMessage(), e);
        }
        columns = parser.getHeaderNames();
        records = parser.iterator();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public SourceRow next() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            number++;
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size() && i < record.size(); i++) {
                if (!columns.get(i).isEmpty()) {
                    values.putIfAbsent(columns.get(i), record.get(i));
                }
            }
            return new SourceRow(number, values);
        } catch (UncheckedIOException e) {
            String what = e.getCause() instanceof CharacterCodingException ? "is not UTF-8" : "cannot be read";
            throw new ImportFileException(
                    400,
                    "import-file-unreadable",
                    "The CSV file " + what + " after row " + number + ": " + e.getMessage(),
                    e);
        } catch (IllegalStateException e) {
            throw new ImportFileException(
                    400,
                    "import-file-unreadable",
                    "The CSV file cannot be read after row " + number + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public double progress() {
        return Math.min(1.0, (double) counted.count() / size);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static void skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
            in.reset();
        }
    }

    /** Semicolon when the header line has more semicolons than commas outside quotes (a French Excel's CSV). */
    private static char delimiter(BufferedInputStream in) throws IOException {
        in.mark(HEADER_SCAN_LIMIT);
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0, b; i < HEADER_SCAN_LIMIT && (b = in.read()) >= 0; i++) {
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted && (b == '\n' || b == '\r')) {
                break;
            } else if (!quoted && b == ',') {
                commas++;
            } else if (!quoted && b == ';') {
                semicolons++;
            }
        }
        in.reset();
        return semicolons > commas ? ';' : ',';
    }
}
