package dev.crm.lead.importing;

import java.util.Map;

/** One row of an import file: its number as a user sees it (1 is the first data row), its values by column name. */
public record SourceRow(int number, Map<String, String> values) {}
