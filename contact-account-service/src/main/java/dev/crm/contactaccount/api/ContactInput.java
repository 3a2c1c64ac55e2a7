package dev.crm.contactaccount.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.web.Inputs.AddressInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The contact fields a client sends: the body of a create, and the shape a merge patch is applied to. */
public class ContactInput {

    @Size(max = 50)
    public String firstName;

    @NotBlank
    @Size(max = 50)
    public String lastName;

    @Size(max = 100)
    public String jobTitle;

    @Email
    @Size(max = 100)
    public String email;

    @Size(max = 50)
    public String businessPhone;

    @Size(max = 50)
    public String mobilePhone;

    @Valid
    public AddressInput address;

    @Size(max = 2000)
    @MultiLine
    public String description;
    /** The account the contact works for. */
    @Size(max = 64)
    public String parentAccountId;

    public ContactDetails toDetails() {
        return new ContactDetails(
                clean(firstName),
                clean(lastName),
                clean(jobTitle),
                clean(email),
                clean(businessPhone),
                clean(mobilePhone),
                AddressInput.toAddress(address),
                clean(description));
    }

    public static ContactInput from(ContactDetails details, String parentAccountId) {
        ContactInput input = EventJson.mapper().convertValue(details, ContactInput.class);
        input.parentAccountId = parentAccountId;
        return input;
    }
}
