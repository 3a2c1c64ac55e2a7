package dev.crm.events.v1.account;

import dev.crm.events.v1.Address;

/** The editable fields of an account (a company). Only name is always present. */
public record AccountDetails(
        String name, String website, String phone, String industry, Address address, String description) {}
