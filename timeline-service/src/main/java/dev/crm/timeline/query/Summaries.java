package dev.crm.timeline.query;

import dev.crm.events.v1.CrmEvent;
import dev.crm.events.v1.Money;
import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.activity.ActivityDetails;
import dev.crm.events.v1.activity.ActivityState;
import dev.crm.events.v1.activity.ActivityType;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactDetails;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStatusReasonChanged;
import dev.crm.events.v1.opportunity.OpportunityAssigned;
import dev.crm.events.v1.opportunity.OpportunityCompetitorAdded;
import dev.crm.events.v1.opportunity.OpportunityCompetitorRemoved;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityStageAdvanced;
import dev.crm.events.v1.opportunity.OpportunityStageMovedBack;
import dev.crm.events.v1.opportunity.OpportunityStatusReasonChanged;
import dev.crm.events.v1.opportunity.OpportunityWon;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The short human line a timeline shows for a business event, an activity or a note. Built only from the event and
 * the record it happened to, so that a rebuild writes the same lines whatever order the topics are read in. Field
 * edits and step values are not timeline lines (the record's history has them): changes of state, stage, owner and
 * connections are. Null: the event is not a timeline line.
 */
final class Summaries {

    private static final DateTimeFormatter DUE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String of(CrmEvent payload) {
        Optional<StakeholderChange> stakeholder = StakeholderChange.of(payload);
        if (stakeholder.isPresent()) {
            return stakeholder.get().summary();
        }
        if (payload instanceof LeadCreated e) {
            return "Lead created: " + quoted(e.details().topic());
        }
        if (payload instanceof LeadQualified e) {
            StringBuilder made = new StringBuilder("Qualified");
            String parts = join(
                    e.opportunityId() != null ? "an opportunity" : null,
                    e.contactId() == null ? null : (e.newContact() ? "a new contact" : "an existing contact"),
                    e.accountId() == null ? null : (e.newAccount() ? "a new account" : "an existing account"));
            if (!parts.isEmpty()) {
                made.append(" into ").append(parts);
            }
            return made.toString();
        }
        if (payload instanceof LeadDisqualified e) {
            return "Disqualified: " + label(e.reason());
        }
        if (payload instanceof LeadReactivated) {
            return "Reactivated";
        }
        if (payload instanceof LeadDeleted) {
            return "Deleted: the import that made it was reverted";
        }
        if (payload instanceof LeadStatusReasonChanged e) {
            return "Status reason: " + label(e.statusReason());
        }
        if (payload instanceof LeadAssigned e) {
            return assigned(e.ownerId(), e.previousOwnerId());
        }
        if (payload instanceof OpportunityCreated e) {
            return "Opportunity created: " + quoted(e.details().name());
        }
        if (payload instanceof OpportunityStageAdvanced e) {
            return "Stage advanced from " + stage(e.from()) + " to " + stage(e.to()) + " (" + e.probability() + " %)";
        }
        if (payload instanceof OpportunityStageMovedBack e) {
            return "Stage moved back from " + stage(e.from()) + " to " + stage(e.to()) + " (" + e.probability() + " %)";
        }
        if (payload instanceof OpportunityWon e) {
            return "Won" + (e.actualRevenue() == null ? "" : ": " + money(e.actualRevenue())) + " on " + e.closeDate();
        }
        if (payload instanceof OpportunityLost e) {
            return "Lost (" + label(e.statusReason()) + ")" + (e.competitor() == null ? "" : " to " + e.competitor())
                    + " on " + e.closeDate();
        }
        if (payload instanceof OpportunityReopened e) {
            return "Reopened at stage " + stage(e.stage());
        }
        if (payload instanceof OpportunityStatusReasonChanged e) {
            return "Status reason: " + label(e.statusReason());
        }
        if (payload instanceof OpportunityAssigned e) {
            return assigned(e.ownerId(), e.previousOwnerId());
        }
        if (payload instanceof OpportunityCompetitorAdded e) {
            return "Competitor added: " + quoted(e.name());
        }
        if (payload instanceof OpportunityCompetitorRemoved) {
            return "Competitor removed";
        }
        if (payload instanceof ContactCreated e) {
            return "Contact created: " + quoted(fullName(e.details()))
                    + (e.originatingLeadId() != null ? " from a lead" : "");
        }
        if (payload instanceof ContactLinkedToAccount) {
            return "Linked to an account";
        }
        if (payload instanceof ContactUnlinkedFromAccount) {
            return "Unlinked from its account";
        }
        if (payload instanceof ContactAssigned e) {
            return assigned(e.ownerId(), e.previousOwnerId());
        }
        if (payload instanceof AccountCreated e) {
            return "Account created: " + quoted(e.details().name())
                    + (e.originatingLeadId() != null ? " from a lead" : "");
        }
        if (payload instanceof AccountPrimaryContactChanged e) {
            return e.primaryContactId() == null ? "Primary contact removed" : "Primary contact changed";
        }
        if (payload instanceof AccountAssigned e) {
            return assigned(e.ownerId(), e.previousOwnerId());
        }
        return null;
    }

    /** The line of a record made or filled by qualifying lead {@code topic}. */
    static String qualifiedInto(String recordKind, boolean created, String topic) {
        return (created ? "Created by qualifying lead " : "Lead qualified with this " + recordKind + ": ")
                + quoted(topic);
    }

    static String activity(ActivitySnapshot a) {
        ActivityDetails d = a.details();
        String noun = activityNoun(a.type());
        String line = Character.toUpperCase(noun.charAt(noun.indexOf(' ') + 1)) + noun.substring(noun.indexOf(' ') + 2)
                + ": " + d.subject();
        if (a.state() == ActivityState.OPEN) {
            return d.due() == null ? line : line + " (due " + DUE.format(d.due()) + ")";
        }
        String how = a.state() == ActivityState.CANCELED
                ? "cancelled"
                : a.type() == ActivityType.PHONE_CALL || a.type() == ActivityType.EMAIL
                        ? label(a.statusReason())
                        : "completed";
        return line + " (" + how + ")";
    }

    /** "a phone call", "an e-mail"... */
    static String activityNoun(ActivityType type) {
        return switch (type) {
            case PHONE_CALL -> "a phone call";
            case TASK -> "a task";
            case EMAIL -> "an e-mail";
            case APPOINTMENT -> "an appointment";
        };
    }

    static String note(NoteSnapshot n) {
        String text = n.title() != null && !n.title().isBlank() ? n.title() + ": " + n.text() : n.text();
        return "Note: " + (text.length() > 200 ? text.substring(0, 199) + "…" : text);
    }

    static String assigned(String owner, String previous) {
        return "Assigned to " + owner + (previous == null ? "" : " (was " + previous + ")");
    }

    static String fullName(ContactDetails d) {
        return d.firstName() == null ? d.lastName() : d.firstName() + " " + d.lastName();
    }

    static String quoted(String text) {
        return text == null ? "" : "\u201c" + text + "\u201d";
    }

    private static String money(Money m) {
        BigDecimal amount = m.amount().stripTrailingZeros();
        return String.format(Locale.ROOT, "%,.2f %s", amount, m.currency()).replace(".00 ", " ");
    }

    private static String stage(Enum<?> stage) {
        String name = label(stage);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String label(Enum<?> value) {
        return value == null ? "none" : value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        java.util.List<String> present = java.util.Arrays.stream(parts)
                .filter(java.util.Objects::nonNull)
                .toList();
        for (int i = 0; i < present.size(); i++) {
            if (i > 0) {
                out.append(i == present.size() - 1 ? " and " : ", ");
            }
            out.append(present.get(i));
        }
        return out.toString();
    }

    private Summaries() {}
}
