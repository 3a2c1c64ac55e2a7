package dev.crm.platform.security;

import dev.crm.platform.domain.DomainException;

/** Who acts: the token's subject and whether they hold the sales-manager role. Carried by every command. */
public record Actor(String userId, boolean manager) {

    public static final String SALESPERSON = "salesperson";
    public static final String SALES_MANAGER = "sales-manager";

    /**
     * The actor of a command that reacts to another service's event: the user who acted there, with full rights,
     * since that service already authorised the action (e.g. qualifying a lead creates its contact).
     */
    public static Actor onBehalfOf(String userId) {
        return new Actor(userId == null ? "system" : userId, true);
    }

    /** A salesperson changes only records they own; a sales manager changes any. */
    public void requireMayChange(String recordType, String recordId, String ownerId) {
        if (!manager && !userId.equals(ownerId)) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "not-owner",
                    "Only the owner of " + recordType + " " + recordId + " or a sales manager may change it");
        }
    }

    public void requireManager(String action) {
        if (!manager) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "sales-manager-only",
                    "Only a sales manager may " + action);
        }
    }
}
