package dev.crm.lead.importing;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** The rows of an import file, read one at a time (never the whole file in memory). */
public interface RowSource extends Closeable {

    /** The column names, as the file gives them (the first row, or for XML the element names met so far). */
    List<String> columns();

    /** The next row, or null at the end. Throws {@link ImportFileException} when the file cannot be read further. */
    SourceRow next() throws IOException;

    /** How far the reading has come, from 0 to 1; unknown is 0. */
    double progress();
}
