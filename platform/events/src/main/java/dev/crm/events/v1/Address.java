package dev.crm.events.v1;

public record Address(String street, String city, String postalCode, String stateOrProvince, String country) {

    public boolean isEmpty() {
        return blank(street) && blank(city) && blank(postalCode) && blank(stateOrProvince) && blank(country);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
