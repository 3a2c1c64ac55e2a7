package dev.crm.contactaccount.api;

import static dev.crm.platform.web.Inputs.clean;

import dev.crm.events.v1.account.AccountDetails;
import dev.crm.platform.axon.EventJson;
import dev.crm.platform.web.Inputs.AddressInput;
import dev.crm.platform.web.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The account fields a client sends: the body of a create, and the shape a merge patch is applied to. */
public class AccountInput {

    @NotBlank
    @Size(max = 160)
    public String name;

    @Size(max = 200)
    public String website;

    @Size(max = 50)
    public String phone;

    @Size(max = 100)
    public String industry;

    @Valid
    public AddressInput address;

    @Size(max = 2000)
    @MultiLine
    public String description;
    /** The main person to deal with at this company: a contact id. */
    @Size(max = 64)
    public String primaryContactId;

    public AccountDetails toDetails() {
        return new AccountDetails(
                clean(name),
                clean(website),
                clean(phone),
                clean(industry),
                AddressInput.toAddress(address),
                clean(description));
    }

    public static AccountInput from(AccountDetails details, String primaryContactId) {
        AccountInput input = EventJson.mapper().convertValue(details, AccountInput.class);
        input.primaryContactId = primaryContactId;
        return input;
    }
}
