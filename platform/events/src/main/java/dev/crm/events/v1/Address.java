package dev.crm.events.v1;

public record Address(String street, String city, String postalCode, String stateOrProvince, String country) {}
