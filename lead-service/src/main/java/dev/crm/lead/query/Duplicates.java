package dev.crm.lead.query;

import dev.crm.platform.domain.Names;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Likely duplicates among the replicated contacts and accounts, by the same rules as contact-account-service. */
@ApplicationScoped
public class Duplicates {

    static final int MAX = 20;

    public List<ContactReplica.Contact> contacts(String firstName, String lastName, String email) {
        String emailKey = Names.emailKey(email);
        String personKey = Names.personKey(firstName, lastName);
        return ContactReplica.<ContactReplica>find("emailKey = :email or personKey = :person", Sort.by("id"),
                        Parameters.with("email", emailKey == null ? "" : emailKey).and("person", personKey))
                .page(Page.ofSize(MAX)).list().stream().map(ContactReplica::contact).toList();
    }

    public List<AccountReplica.Account> accounts(String companyName) {
        String key = Names.companyKey(companyName);
        if (key.isEmpty()) {
            return List.of();
        }
        return AccountReplica.<AccountReplica>find("companyKey", Sort.by("id"), key)
                .page(Page.ofSize(MAX)).list().stream().map(AccountReplica::account).toList();
    }

    public Optional<ContactReplica.Contact> contact(String id) {
        return ContactReplica.<ContactReplica>findByIdOptional(id).map(ContactReplica::contact);
    }

    public Optional<AccountReplica.Account> account(String id) {
        return AccountReplica.<AccountReplica>findByIdOptional(id).map(AccountReplica::account);
    }
}
