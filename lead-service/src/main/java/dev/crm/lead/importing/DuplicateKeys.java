package dev.crm.lead.importing;

import dev.crm.events.v1.lead.LeadDetails;
import java.util.Locale;

/**
 * What makes an imported row a duplicate of a lead: the same e-mail (ignoring case), or the same first name, last name
 * and company (ignoring case; only when the row has a company, so that two "Jean Martin" of no company stay apart).
 */
final class DuplicateKeys {

    /** The name key of a lead_view row, as SQL; the same shape as {@link #nameKey}. */
    static final String NAME_KEY_SQL = "case when company_name is null then null else lower(coalesce(first_name, ''))"
            + " || '|' || lower(last_name) || '|' || lower(company_name) end";

    private DuplicateKeys() {}

    static String emailKey(LeadDetails d) {
        return d.email() == null || d.email().isBlank()
                ? null
                : d.email().strip().toLowerCase(Locale.ROOT);
    }

    static String nameKey(LeadDetails d) {
        if (d.companyName() == null || d.companyName().isBlank() || d.lastName() == null) {
            return null;
        }
        return lower(d.firstName()) + "|" + lower(d.lastName()) + "|" + lower(d.companyName());
    }

    static String lastNameOf(String nameKey) {
        return nameKey.split("\\|", -1)[1];
    }

    private static String lower(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }
}
