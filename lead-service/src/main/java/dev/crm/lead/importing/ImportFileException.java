package dev.crm.lead.importing;

/** The file cannot be imported at all (not a row of it): a bad format, a refused construct, a size over a limit. */
public class ImportFileException extends RuntimeException {

    /** {@code code}: the problem's stable code, e.g. {@code import-file-unreadable}; {@code status}: 400 or 413. */
    private final String code;

    private final int status;

    public ImportFileException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ImportFileException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
