package dev.crm.platform.query;

import dev.crm.platform.domain.Names;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Likely duplicates, by one set of rules and one order wherever they are looked for (contact-account-service's
 * {@code /duplicates}, lead-service's check before qualifying): a person with the same e-mail (any case) or the same
 * first and last name (any case, accents); a company with the same name once case, accents, punctuation and legal
 * form are ignored. Oldest first: the record made first is most likely the one to keep. The row types must have
 * {@code emailKey}/{@code personKey} (people) or {@code companyKey} (companies) and {@code createdAt}.
 */
public final class DuplicateMatching {

    /** More likely duplicates than this are not useful to a person choosing one. */
    public static final int MAX = 20;

    public static <R> Uni<List<R>> people(Class<R> rowType, String firstName, String lastName, String email) {
        String emailKey = Names.emailKey(email);
        String personKey = lastName == null || lastName.isBlank() ? null : Names.personKey(firstName, lastName);
        if (emailKey == null && personKey == null) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from " + rowType.getName()
                                        + " where emailKey = :email or personKey = :person order by createdAt, id",
                                rowType)
                        .setParameter("email", emailKey == null ? "" : emailKey)
                        .setParameter("person", personKey == null ? "" : personKey)
                        .setMaxResults(MAX)
                        .getResultList());
    }

    public static <R> Uni<List<R>> companies(Class<R> rowType, String name) {
        String key = Names.companyKey(name);
        if (key.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from " + rowType.getName() + " where companyKey = :key order by createdAt, id",
                                rowType)
                        .setParameter("key", key)
                        .setMaxResults(MAX)
                        .getResultList());
    }

    private DuplicateMatching() {}
}
