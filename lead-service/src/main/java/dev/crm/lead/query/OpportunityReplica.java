package dev.crm.lead.query;

import dev.crm.events.v1.opportunity.OpportunityState;
import dev.crm.platform.query.ReplicaRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** What lead-service knows of an opportunity made from a lead: whether it is still open. */
@Entity
@Table(name = "opportunity_replica")
public class OpportunityReplica extends ReplicaRow<OpportunityReplica.Opportunity> {

    public record Opportunity(String id, String originatingLeadId, OpportunityState state) {}

    @Column(name = "originating_lead_id")
    public String originatingLeadId;

    public String state;

    @Override
    protected Class<Opportunity> recordType() {
        return Opportunity.class;
    }

    @Override
    protected void index(Opportunity opportunity) {
        originatingLeadId = opportunity.originatingLeadId();
        state = opportunity.state().name();
    }
}
