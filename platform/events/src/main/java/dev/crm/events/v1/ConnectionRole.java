package dev.crm.events.v1;

public enum ConnectionRole {
    STAKEHOLDER,
    DECISION_MAKER,
    CHAMPION,
    ECONOMIC_BUYER,
    TECHNICAL_BUYER,
    INFLUENCER,
    END_USER
}
