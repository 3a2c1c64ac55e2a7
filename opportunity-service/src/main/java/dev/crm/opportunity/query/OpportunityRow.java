package dev.crm.opportunity.query;

import dev.crm.events.v1.opportunity.OpportunityDetails;
import dev.crm.platform.query.Documents;
import dev.crm.platform.query.ViewRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The opportunity read model: columns to filter and sort on, plus the whole snapshot as JSON. */
@Entity
@Table(name = "opportunity_view")
public class OpportunityRow extends ViewRow<OpportunitySnapshot> {

    public String name;
    public String state;

    @Column(name = "status_reason")
    public String statusReason;

    public String stage;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "contact_id")
    public String contactId;

    @Column(name = "originating_lead_id")
    public String originatingLeadId;

    @Column(name = "forecast_category")
    public String forecastCategory;

    public int probability;

    @Column(name = "estimated_revenue")
    public BigDecimal estimatedRevenue;

    @Column(name = "revenue_currency")
    public String revenueCurrency;

    @Column(name = "estimated_close_date")
    public LocalDate estimatedCloseDate;

    @Column(name = "close_date")
    public LocalDate closeDate;

    @Override
    protected Class<OpportunitySnapshot> snapshotType() {
        return OpportunitySnapshot.class;
    }

    @Override
    public void fill(OpportunitySnapshot s) {
        OpportunityDetails d = s.details();
        name = d.name();
        state = s.state().name();
        statusReason = s.statusReason().name();
        stage = s.stage().name();
        accountId = d.accountId();
        contactId = d.contactId();
        originatingLeadId = s.originatingLeadId();
        forecastCategory = d.forecastCategory().name();
        probability = d.probability();
        estimatedRevenue =
                d.estimatedRevenue() == null ? null : d.estimatedRevenue().amount();
        revenueCurrency =
                d.estimatedRevenue() == null ? null : d.estimatedRevenue().currency();
        estimatedCloseDate = d.estimatedCloseDate();
        OpportunitySnapshot.Close close = s.currentClose();
        closeDate = close != null ? close.closeDate() : d.estimatedCloseDate();
        store(
                s,
                s.id(),
                s.ownerId(),
                s.createdAt(),
                s.modifiedAt(),
                s.version(),
                Documents.searchText(
                        d.name(),
                        d.description(),
                        d.customerNeed(),
                        d.proposedSolution(),
                        String.join(
                                " ",
                                s.competitors().stream()
                                        .map(OpportunitySnapshot.Competitor::name)
                                        .toList())));
    }
}
