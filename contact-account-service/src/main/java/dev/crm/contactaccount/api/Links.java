package dev.crm.contactaccount.api;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.query.EventHistory;
import dev.crm.platform.web.Inputs;
import java.util.Locale;
import java.util.Objects;

/** A record a contact or account links to (its parent account, its primary contact) must exist when the link changes. */
final class Links {

    /** The cleaned id of the linked record; 400 naming {@code field} when it is new and no such record exists. */
    static String checked(EventHistory history, String type, String field, String requested, String current) {
        String id = Inputs.clean(requested);
        if (id != null && !Objects.equals(id, current) && !history.exists(type, id)) {
            throw DomainException.invalid(field, "no " + type.toLowerCase(Locale.ROOT) + " with id " + id);
        }
        return id;
    }

    private Links() {}
}
