package dev.crm.testing;

import dev.crm.platform.domain.DomainException;
import dev.crm.platform.domain.DomainException.Kind;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches the refusals aggregates decide, for Axon's {@code expectException}. */
public final class Refusals {

    /** A {@link DomainException} of the given kind and stable code. */
    public static Matcher<DomainException> refused(Kind kind, String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException e) {
                return e.kind() == kind && code.equals(e.code());
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText("DomainException " + kind + " with code ")
                        .appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(DomainException e, Description mismatch) {
                mismatch.appendText("was " + e.kind() + " ")
                        .appendValue(e.code())
                        .appendText(": " + e.getMessage());
            }
        };
    }

    private Refusals() {}
}
