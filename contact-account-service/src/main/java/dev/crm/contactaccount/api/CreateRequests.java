package dev.crm.contactaccount.api;

import jakarta.validation.constraints.Size;

/** Create bodies: the inputs plus an owner (the caller unless a sales manager names one). */
public final class CreateRequests {

    public static class CreateContact extends ContactInput {
        @Size(max = 128)
        public String ownerId;
    }

    public static class CreateAccount extends AccountInput {
        @Size(max = 128)
        public String ownerId;
    }

    private CreateRequests() {}
}
