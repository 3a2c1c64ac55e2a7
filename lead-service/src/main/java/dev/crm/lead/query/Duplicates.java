package dev.crm.lead.query;

import dev.crm.platform.query.DuplicateMatching;
import dev.crm.platform.query.ReadModels;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Likely duplicates among the replicated contacts and accounts, by the same rules as contact-account-service. */
@ApplicationScoped
public class Duplicates {

    public Uni<List<ContactReplica.Contact>> contacts(String firstName, String lastName, String email) {
        return ReadModels.session(() -> DuplicateMatching.people(ContactReplica.class, firstName, lastName, email))
                .map(rows -> rows.stream().map(ContactReplica::contact).toList());
    }

    public Uni<List<AccountReplica.Account>> accounts(String companyName) {
        return ReadModels.session(() -> DuplicateMatching.companies(AccountReplica.class, companyName))
                .map(rows -> rows.stream().map(AccountReplica::account).toList());
    }

    public Uni<Optional<ContactReplica.Contact>> contact(String id) {
        return ReadModels.session(() -> ContactReplica.<ContactReplica>findById(id))
                .map(row -> Optional.ofNullable(row).map(ContactReplica::contact));
    }

    public Uni<Optional<AccountReplica.Account>> account(String id) {
        return ReadModels.session(() -> AccountReplica.<AccountReplica>findById(id))
                .map(row -> Optional.ofNullable(row).map(AccountReplica::account));
    }
}
