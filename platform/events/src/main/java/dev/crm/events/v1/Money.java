package dev.crm.events.v1;

import java.math.BigDecimal;

/** An amount of money in an ISO 4217 currency (e.g. 17000.00 USD). */
public record Money(BigDecimal amount, String currency) {}
