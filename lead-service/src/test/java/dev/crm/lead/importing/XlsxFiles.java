package dev.crm.lead.importing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Real .xlsx files for the import tests, written with fastexcel's writer (as a spreadsheet program would). */
public final class XlsxFiles {

    private XlsxFiles() {}

    /** A workbook of sheets given as name, rows, name, rows...; a LocalDate is a date cell, a number a number cell. */
    public static void write(Path file, Object... sheetsAndRows) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                Workbook workbook = new Workbook(out, "crm-tests", "1.0")) {
            for (int s = 0; s < sheetsAndRows.length; s += 2) {
                Worksheet sheet = workbook.newWorksheet((String) sheetsAndRows[s]);
                @SuppressWarnings("unchecked")
                List<List<Object>> rows = (List<List<Object>>) sheetsAndRows[s + 1];
                for (int r = 0; r < rows.size(); r++) {
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        Object value = rows.get(r).get(c);
                        if (value instanceof LocalDate date) {
                            sheet.value(r, c, date);
                            sheet.style(r, c).format("yyyy-mm-dd").set();
                        } else if (value instanceof Number number) {
                            sheet.value(r, c, number);
                        } else if (value != null) {
                            sheet.value(r, c, value.toString());
                        }
                    }
                }
            }
        }
    }

    /**
     * A zip bomb shaped as a workbook: small on disk, but its sheet part unpacks to {@code unpacked} bytes of blanks.
     * Answers the unpacked size.
     */
    public static long bomb(Path file, long unpacked) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            entry(
                    zip,
                    "[Content_Types].xml",
                    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] blanks = new byte[1 << 20];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (long written = 0; written < unpacked; written += blanks.length) {
                zip.write(blanks, 0, (int) Math.min(blanks.length, unpacked - written));
            }
            zip.closeEntry();
        }
        return unpacked;
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
