package dev.crm.platform.web;

import dev.crm.events.v1.Address;
import dev.crm.events.v1.Money;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Request-body parts shared by the services' inputs, and the clean-up applied to every text field. */
public final class Inputs {

    public static class AddressInput {
        @Size(max = 250)
        @MultiLine
        public @Nullable String street;

        @Size(max = 100)
        public @Nullable String city;

        @Size(max = 20)
        public @Nullable String postalCode;

        @Size(max = 100)
        public @Nullable String stateOrProvince;

        @Size(max = 100)
        public @Nullable String country;

        /** Null when every line is empty, so an emptied address is absent rather than a shell. */
        public static @Nullable Address toAddress(AddressInput in) {
            if (in == null) {
                return null;
            }
            Address address = new Address(
                    clean(in.street),
                    clean(in.city),
                    clean(in.postalCode),
                    clean(in.stateOrProvince),
                    clean(in.country));
            return address.street() == null
                            && address.city() == null
                            && address.postalCode() == null
                            && address.stateOrProvince() == null
                            && address.country() == null
                    ? null
                    : address;
        }
    }

    public static class MoneyInput {
        @NotNull
        @DecimalMin("0")
        @Digits(integer = 15, fraction = 4)
        public @Nullable BigDecimal amount;

        @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code such as USD")
        public @Nullable String currency;

        public static @Nullable Money toMoney(MoneyInput in) {
            return in == null ? null : new Money(in.amount, in.currency);
        }
    }

    /** Trimmed, and null when blank: "  " and absent mean the same. */
    public static @Nullable String clean(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static boolean orTrue(Boolean value) {
        return value == null || value;
    }

    private Inputs() {}
}
