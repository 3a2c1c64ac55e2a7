package dev.crm.lead.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML rows: {@code <leads><lead><topic>…</topic><lastName>…</lastName>…</lead>…</leads>}; each child element of a
 * {@code lead} is a column named by its local name, and a nested one ({@code <address><city>}) by its own local name.
 * Read with the JDK's StAX, DTDs and external entities off: a document with a DOCTYPE is refused before anything in it
 * is resolved (XXE, entity expansion).
 */
final class XmlRows implements RowSource {

    static final String ROOT = "leads";
    static final String ROW = "lead";

    private final long size;
    private final CountingInputStream counted;
    private final XMLStreamReader reader;
    private final Set<String> columns = new LinkedHashSet<>();
    private int number;

    XmlRows(Path file) throws IOException {
        size = Math.max(1, Files.size(file));
        counted = new CountingInputStream(Files.newInputStream(file));
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        try {
            reader = factory.createXMLStreamReader(counted);
            String root = nextElement();
            if (!ROOT.equals(root)) {
                throw new ImportFileException(
                        400,
                        "import-file-unreadable",
                        "The XML root element is <" + root + ">; an import file is <" + ROOT + "><" + ROW + ">…</" + ROW
                                + ">…</" + ROOT + ">");
            }
        } catch (XMLStreamException e) {
            throw unreadable(e);
        }
    }

    @Override
    public List<String> columns() {
        return new ArrayList<>(columns);
    }

    @Override
    public SourceRow next() {
        try {
            String element = nextElement();
            if (element == null) {
                return null;
            }
            if (!ROW.equals(element)) {
                throw new ImportFileException(
                        400,
                        "import-file-unreadable",
                        "Unexpected <" + element + "> after row " + number + ": <" + ROOT + "> holds only <" + ROW
                                + "> elements");
            }
            number++;
            Map<String, String> values = new LinkedHashMap<>();
            readFields(values);
            return new SourceRow(number, values);
        } catch (XMLStreamException e) {
            throw unreadable(e);
        }
    }

    /** The children of the current {@code <lead>}, up to its end tag; nested elements by their leaf names. */
    private void readFields(Map<String, String> values) throws XMLStreamException {
        int depth = 1;
        String field = null;
        StringBuilder text = new StringBuilder();
        while (depth > 0) {
            int event = reader.next();
            refuseDtd(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                field = reader.getLocalName();
                text.setLength(0);
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(reader.getText());
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new ImportFileException(
                        400,
                        "import-file-refused",
                        "Entity references (&" + reader.getLocalName() + ";) are refused in import files");
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (field != null && field.equals(reader.getLocalName())) {
                    columns.add(field);
                    values.putIfAbsent(field, text.toString());
                }
                field = null;
                text.setLength(0);
            }
        }
    }

    /** The local name of the next start element, or null at the end of the root element. */
    private String nextElement() throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            refuseDtd(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                return reader.getLocalName();
            }
            if (event == XMLStreamConstants.END_ELEMENT && ROOT.equals(reader.getLocalName())) {
                return null;
            }
        }
        return null;
    }

    private static void refuseDtd(int event) {
        if (event == XMLStreamConstants.DTD) {
            throw new ImportFileException(
                    400,
                    "import-file-refused",
                    "A document type declaration (DOCTYPE) is refused in import files: it could make the parser read"
                            + " other files or expand entities without bound");
        }
    }

    private ImportFileException unreadable(XMLStreamException e) {
        return new ImportFileException(
                400, "import-file-unreadable", "The XML cannot be read after row " + number + ": " + e.getMessage(), e);
    }

    @Override
    public double progress() {
        return Math.min(1.0, (double) counted.count() / size);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            counted.close();
        }
    }
}
