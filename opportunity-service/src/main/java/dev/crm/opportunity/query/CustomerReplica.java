package dev.crm.opportunity.query;

import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A contact or an account known to the system: enough to refuse an id that names neither. */
@Entity
@Table(name = "customer_replica")
public class CustomerReplica extends ReplicaRow<CustomerReplica.Customer> {

    public enum Kind {
        CONTACT,
        ACCOUNT
    }

    public record Customer(String id, Kind kind, String name) {}

    public String kind;
    public String name;

    @Override
    protected Class<Customer> recordType() {
        return Customer.class;
    }

    @Override
    protected void index(Customer customer) {
        kind = customer.kind().name();
        name = customer.name();
    }

    public Customer customer() {
        return record();
    }
}
