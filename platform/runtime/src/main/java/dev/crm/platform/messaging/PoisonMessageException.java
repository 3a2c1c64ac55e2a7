package dev.crm.platform.messaging;

/** A record that can never be handled, whatever the retries: it goes to the dead-letter topic with this reason. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
