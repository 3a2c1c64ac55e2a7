package dev.crm.events.v1.contact;

import dev.crm.events.v1.Address;

/** The editable fields of a contact (a person). Only lastName is always present. */
public record ContactDetails(
        String firstName,
        String lastName,
        String jobTitle,
        String email,
        String businessPhone,
        String mobilePhone,
        Address address,
        String description) {}
