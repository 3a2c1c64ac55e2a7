package dev.crm.platform.query;

import dev.crm.events.v1.ConnectionRole;
import java.util.ArrayList;
import java.util.List;

/** A contact connected to a lead or an opportunity with a role, as readers see it. */
public record Stakeholder(String contactId, ConnectionRole role) {

    /** {@code current} with the contact's role set ({@code role} null: the contact removed), order kept. */
    public static List<Stakeholder> with(List<Stakeholder> current, String contactId, ConnectionRole role) {
        List<Stakeholder> next = new ArrayList<>();
        boolean placed = false;
        for (Stakeholder s : current) {
            if (s.contactId().equals(contactId)) {
                if (role != null) {
                    next.add(new Stakeholder(contactId, role));
                }
                placed = true;
            } else {
                next.add(s);
            }
        }
        if (!placed && role != null) {
            next.add(new Stakeholder(contactId, role));
        }
        return List.copyOf(next);
    }
}
