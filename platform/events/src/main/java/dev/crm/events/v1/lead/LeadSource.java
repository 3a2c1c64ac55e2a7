package dev.crm.events.v1.lead;

public enum LeadSource {
    ADVERTISEMENT,
    EMPLOYEE_REFERRAL,
    EXTERNAL_REFERRAL,
    PARTNER,
    PUBLIC_RELATIONS,
    SEMINAR,
    TRADE_SHOW,
    WEB,
    WORD_OF_MOUTH,
    OTHER
}
