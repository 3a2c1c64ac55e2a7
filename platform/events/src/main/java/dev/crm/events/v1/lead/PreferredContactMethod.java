package dev.crm.events.v1.lead;

public enum PreferredContactMethod {
    ANY,
    EMAIL,
    PHONE,
    FAX,
    MAIL
}
