package dev.crm.lead.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * .xlsx rows, streamed by fastexcel-reader from the uploaded file: the first sheet or a named one; its first row
 * names the columns. Before fastexcel opens it, every zip entry is inflated once and counted, and a file whose
 * entry unpacks beyond {@code maxEntryBytes} (or all of them beyond {@code maxTotalBytes}) is refused: a zip bomb
 * costs one bounded pass, never memory. The same pass counts the sheet's rows, for progress.
 */
final class XlsxRows implements RowSource {

    private static final byte[] ROW_TAG = "<row ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ReadableWorkbook workbook;
    private final Stream<Row> stream;
    private final Iterator<Row> rows;
    private final List<String> columns = new ArrayList<>();
    private final long totalRows;
    private int number;

    XlsxRows(Path file, String sheetName, long maxEntryBytes, long maxTotalBytes) throws IOException {
        Map<String, Long> rowsPerPart = inspect(file, maxEntryBytes, maxTotalBytes);
        try {
            workbook = new ReadableWorkbook(file.toFile());
        } catch (ExcelReaderException | IOException | IllegalArgumentException e) {
            throw new ImportFileException(
                    400, "import-file-unreadable", "The file is not a readable .xlsx workbook: " + e.getMessage(), e);
        }
        Sheet sheet;
        if (sheetName == null || sheetName.isBlank()) {
            sheet = workbook.getFirstSheet();
        } else {
            sheet = workbook.findSheet(sheetName.strip())
                    .orElseThrow(() -> new ImportFileException(
                            400,
                            "import-sheet-not-found",
                            "The workbook has no sheet named \"" + sheetName.strip() + "\"; it has "
                                    + workbook.getSheets().map(Sheet::getName).toList()));
        }
        totalRows = rowsPerPart.getOrDefault("xl/worksheets/sheet" + (sheet.getIndex() + 1) + ".xml", 0L);
        stream = sheet.openStream();
        rows = stream.iterator();
        if (rows.hasNext()) {
            Row header = rows.next();
            for (int i = 0; i < header.getCellCount(); i++) {
                String name = header.getCellText(i);
                columns.add(name == null ? "" : name.strip());
            }
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public SourceRow next() {
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                Map<String, String> values = new LinkedHashMap<>();
                boolean empty = true;
                for (int i = 0; i < columns.size() && i < row.getCellCount(); i++) {
                    String text = row.getCellText(i);
                    if (!columns.get(i).isEmpty() && text != null && !text.isBlank()) {
                        values.putIfAbsent(columns.get(i), text.strip());
                        empty = false;
                    }
                }
                number++;
                if (!empty) {
                    return new SourceRow(number, values);
                }
            }
            return null;
        } catch (ExcelReaderException | UncheckedIOException e) {
            throw new ImportFileException(
                    400,
                    "import-file-unreadable",
                    "The workbook cannot be read after row " + number + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public double progress() {
        return totalRows <= 1 ? 0 : Math.min(1.0, (double) (number + 1) / totalRows);
    }

    @Override
    public void close() throws IOException {
        stream.close();
        workbook.close();
    }

    /** Inflates each entry once with caps; answers the number of rows of each worksheet part. */
    static Map<String, Long> inspect(Path file, long maxEntryBytes, long maxTotalBytes) {
        Map<String, Long> rows = new LinkedHashMap<>();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                boolean worksheet = entry.getName().startsWith("xl/worksheets/")
                        && entry.getName().endsWith(".xml");
                long unpacked = 0;
                long rowCount = 0;
                int matched = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        unpacked += n;
                        total += n;
                        if (unpacked > maxEntryBytes || total > maxTotalBytes) {
                            throw new ImportFileException(
                                    413,
                                    "import-file-too-large",
                                    "The workbook's part "
                                            + entry.getName() + " unpacks to more than "
                                            + (unpacked > maxEntryBytes
                                                    ? maxEntryBytes + " bytes (the limit for one part)"
                                                    : maxTotalBytes
                                                            + " bytes with the parts before it (the limit for a workbook)"));
                        }
                        if (worksheet) {
                            for (int i = 0; i < n; i++) {
                                matched =
                                        buffer[i] == ROW_TAG[matched] ? matched + 1 : (buffer[i] == ROW_TAG[0] ? 1 : 0);
                                if (matched == ROW_TAG.length) {
                                    rowCount++;
                                    matched = 0;
                                }
                            }
                        }
                    }
                }
                if (worksheet) {
                    rows.put(entry.getName(), rowCount);
                }
            }
        } catch (ImportFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImportFileException(
                    400,
                    "import-file-unreadable",
                    "The file is not a readable .xlsx workbook" + " (not a zip archive): " + e.getMessage(),
                    e);
        }
        return rows;
    }
}
