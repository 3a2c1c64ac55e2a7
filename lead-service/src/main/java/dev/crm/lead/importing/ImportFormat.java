package dev.crm.lead.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats an import reads, by media type or, for a multipart upload, by file name. */
public enum ImportFormat {
    CSV,
    XLSX,
    XML;

    public static final String XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** From a Content-Type (parameters ignored) or a file name; null when neither tells. */
    public static ImportFormat detect(String mediaType, String fileName) {
        String type = mediaType == null ? "" : mediaType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "text/csv", "application/csv", "text/comma-separated-values" -> {
                return CSV;
            }
            case XLSX_MEDIA_TYPE -> {
                return XLSX;
            }
            case "application/xml", "text/xml" -> {
                return XML;
            }
            default -> {}
        }
        String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".xlsx")) {
            return XLSX;
        }
        if (name.endsWith(".xml")) {
            return XML;
        }
        return null;
    }

    /** Opens the file's rows; a file that cannot be read at all is an {@link ImportFileException}. */
    public RowSource open(Path file, String sheet, long maxUnpackedPart, long maxUnpacked) throws IOException {
        return switch (this) {
            case CSV -> new CsvRows(file);
            case XLSX -> new XlsxRows(file, sheet, maxUnpackedPart, maxUnpacked);
            case XML -> new XmlRows(file);
        };
    }
}
