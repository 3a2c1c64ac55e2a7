package dev.crm.events.v1.account;

public record AccountAssigned(String accountId, String previousOwnerId, String ownerId) implements AccountEvent {}
