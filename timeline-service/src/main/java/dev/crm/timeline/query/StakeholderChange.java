package dev.crm.timeline.query;

import dev.crm.events.v1.ConnectionRole;
import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRemoved;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.opportunity.OpportunityStakeholderAdded;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRemoved;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRoleChanged;
import java.util.Locale;
import java.util.Optional;

/**
 * A change of a lead's or an opportunity's stakeholders, whichever record's event it is: the contact it names (shown
 * by name when the timeline is read) and the line the timeline shows.
 */
record StakeholderChange(String contactId, String summary) {

    static Optional<StakeholderChange> of(CrmEvent payload) {
        if (payload instanceof LeadStakeholderAdded e) {
            return added(e.contactId(), e.role());
        }
        if (payload instanceof OpportunityStakeholderAdded e) {
            return added(e.contactId(), e.role());
        }
        if (payload instanceof LeadStakeholderRoleChanged e) {
            return roleChanged(e.contactId(), e.previousRole(), e.role());
        }
        if (payload instanceof OpportunityStakeholderRoleChanged e) {
            return roleChanged(e.contactId(), e.previousRole(), e.role());
        }
        if (payload instanceof LeadStakeholderRemoved e) {
            return removed(e.contactId());
        }
        if (payload instanceof OpportunityStakeholderRemoved e) {
            return removed(e.contactId());
        }
        return Optional.empty();
    }

    private static Optional<StakeholderChange> added(String contactId, ConnectionRole role) {
        return Optional.of(new StakeholderChange(contactId, "Stakeholder added as " + label(role)));
    }

    private static Optional<StakeholderChange> roleChanged(String contactId, ConnectionRole from, ConnectionRole to) {
        return Optional.of(
                new StakeholderChange(contactId, "Stakeholder role changed from " + label(from) + " to " + label(to)));
    }

    private static Optional<StakeholderChange> removed(String contactId) {
        return Optional.of(new StakeholderChange(contactId, "Stakeholder removed"));
    }

    private static String label(ConnectionRole role) {
        return role == null ? "none" : role.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
