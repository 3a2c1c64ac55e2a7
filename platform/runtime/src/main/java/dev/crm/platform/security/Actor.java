package dev.crm.platform.security;

import dev.crm.platform.domain.DomainException;
import org.jspecify.annotations.Nullable;

/** Who acts: the token's subject and whether they hold the sales-manager role. Carried by every command. */
public record Actor(String userId, boolean manager) {

    public static final String SALESPERSON = "salesperson";
    public static final String SALES_MANAGER = "sales-manager";
    /** The acting user of an event whose producer named none. */
    public static final String SYSTEM = "system";

    /**
     * The actor of a command that creates what another service's event asked for: the user who acted there, with full
     * rights for that creation only, since that service already authorised it (qualifying a lead creates its contact
     * for the lead's owner). Never for changing an existing record: that takes {@link #asActed}.
     */
    public static Actor onBehalfOf(String userId) {
        return new Actor(userId == null ? SYSTEM : userId, true);
    }

    /**
     * The user who acted, with the rights they had: those the event's role names (the role travels with every event,
     * so a reaction in another service can apply the same owner rule as an API call). No role: a salesperson.
     */
    public static Actor asActed(@Nullable String userId, @Nullable String role) {
        return new Actor(userId == null ? SYSTEM : userId, SALES_MANAGER.equals(role));
    }

    /** The role name this actor's events carry. */
    public String role() {
        return manager ? SALES_MANAGER : SALESPERSON;
    }

    /** A salesperson changes only records they own; a sales manager changes any. */
    public boolean mayChange(String ownerId) {
        return manager || userId.equals(ownerId);
    }

    public void requireMayChange(String recordType, String recordId, String ownerId) {
        if (!mayChange(ownerId)) {
            throw new DomainException(
                    DomainException.Kind.FORBIDDEN,
                    "not-owner",
                    "Only the owner of " + recordType + " " + recordId + " or a sales manager may change it");
        }
    }

    public void requireManager(String action) {
        if (!manager) {
            throw new DomainException(
                    DomainException.Kind.FORBIDDEN, "sales-manager-only", "Only a sales manager may " + action);
        }
    }
}
