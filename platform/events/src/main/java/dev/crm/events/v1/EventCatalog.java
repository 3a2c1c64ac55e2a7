package dev.crm.events.v1;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.activity.ActivityAssigned;
import dev.crm.events.v1.activity.ActivityCanceled;
import dev.crm.events.v1.activity.ActivityCompleted;
import dev.crm.events.v1.activity.ActivityCreated;
import dev.crm.events.v1.activity.ActivityUpdated;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDeleted;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadOpportunityReopened;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRemoved;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.lead.LeadStatusReasonChanged;
import dev.crm.events.v1.lead.LeadUpdated;
import dev.crm.events.v1.note.NoteCreated;
import dev.crm.events.v1.note.NoteDeleted;
import dev.crm.events.v1.note.NoteUpdated;
import dev.crm.events.v1.notification.NotificationDismissed;
import dev.crm.events.v1.opportunity.OpportunityAssigned;
import dev.crm.events.v1.opportunity.OpportunityCompetitorAdded;
import dev.crm.events.v1.opportunity.OpportunityCompetitorRemoved;
import dev.crm.events.v1.opportunity.OpportunityCreated;
import dev.crm.events.v1.opportunity.OpportunityLost;
import dev.crm.events.v1.opportunity.OpportunityProcessFinished;
import dev.crm.events.v1.opportunity.OpportunityReopened;
import dev.crm.events.v1.opportunity.OpportunityStageAdvanced;
import dev.crm.events.v1.opportunity.OpportunityStageMovedBack;
import dev.crm.events.v1.opportunity.OpportunityStakeholderAdded;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRemoved;
import dev.crm.events.v1.opportunity.OpportunityStakeholderRoleChanged;
import dev.crm.events.v1.opportunity.OpportunityStatusReasonChanged;
import dev.crm.events.v1.opportunity.OpportunityStepsUpdated;
import dev.crm.events.v1.opportunity.OpportunityUpdated;
import dev.crm.events.v1.opportunity.OpportunityWon;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every public event type of version 1. Adding one here is an additive change; removing one is not. */
public final class EventCatalog {

    public static final List<EventType> ALL = List.of(
            new EventType("crm.lead.created.v1", Topics.LEAD, LeadCreated.class),
            new EventType("crm.lead.updated.v1", Topics.LEAD, LeadUpdated.class),
            new EventType("crm.lead.qualified.v1", Topics.LEAD, LeadQualified.class),
            new EventType("crm.lead.disqualified.v1", Topics.LEAD, LeadDisqualified.class),
            new EventType("crm.lead.reactivated.v1", Topics.LEAD, LeadReactivated.class),
            new EventType("crm.lead.assigned.v1", Topics.LEAD, LeadAssigned.class),
            new EventType("crm.lead.stakeholder-added.v1", Topics.LEAD, LeadStakeholderAdded.class),
            new EventType("crm.lead.stakeholder-role-changed.v1", Topics.LEAD, LeadStakeholderRoleChanged.class),
            new EventType("crm.lead.stakeholder-removed.v1", Topics.LEAD, LeadStakeholderRemoved.class),
            new EventType("crm.lead.status-reason-changed.v1", Topics.LEAD, LeadStatusReasonChanged.class),
            new EventType("crm.lead.opportunity-reopened.v1", Topics.LEAD, LeadOpportunityReopened.class),
            new EventType("crm.lead.deleted.v1", Topics.LEAD, LeadDeleted.class),
            new EventType("crm.contact.created.v1", Topics.CONTACT, ContactCreated.class),
            new EventType("crm.contact.updated.v1", Topics.CONTACT, ContactUpdated.class),
            new EventType("crm.contact.linked-to-account.v1", Topics.CONTACT, ContactLinkedToAccount.class),
            new EventType("crm.contact.unlinked-from-account.v1", Topics.CONTACT, ContactUnlinkedFromAccount.class),
            new EventType("crm.contact.assigned.v1", Topics.CONTACT, ContactAssigned.class),
            new EventType("crm.account.created.v1", Topics.ACCOUNT, AccountCreated.class),
            new EventType("crm.account.updated.v1", Topics.ACCOUNT, AccountUpdated.class),
            new EventType("crm.account.primary-contact-changed.v1", Topics.ACCOUNT, AccountPrimaryContactChanged.class),
            new EventType("crm.account.assigned.v1", Topics.ACCOUNT, AccountAssigned.class),
            new EventType("crm.opportunity.created.v1", Topics.OPPORTUNITY, OpportunityCreated.class),
            new EventType("crm.opportunity.updated.v1", Topics.OPPORTUNITY, OpportunityUpdated.class),
            new EventType("crm.opportunity.steps-updated.v1", Topics.OPPORTUNITY, OpportunityStepsUpdated.class),
            new EventType("crm.opportunity.stage-advanced.v1", Topics.OPPORTUNITY, OpportunityStageAdvanced.class),
            new EventType("crm.opportunity.stage-moved-back.v1", Topics.OPPORTUNITY, OpportunityStageMovedBack.class),
            new EventType("crm.opportunity.process-finished.v1", Topics.OPPORTUNITY, OpportunityProcessFinished.class),
            new EventType("crm.opportunity.won.v1", Topics.OPPORTUNITY, OpportunityWon.class),
            new EventType("crm.opportunity.lost.v1", Topics.OPPORTUNITY, OpportunityLost.class),
            new EventType("crm.opportunity.reopened.v1", Topics.OPPORTUNITY, OpportunityReopened.class),
            new EventType(
                    "crm.opportunity.status-reason-changed.v1",
                    Topics.OPPORTUNITY,
                    OpportunityStatusReasonChanged.class),
            new EventType("crm.opportunity.assigned.v1", Topics.OPPORTUNITY, OpportunityAssigned.class),
            new EventType(
                    "crm.opportunity.stakeholder-added.v1", Topics.OPPORTUNITY, OpportunityStakeholderAdded.class),
            new EventType(
                    "crm.opportunity.stakeholder-role-changed.v1",
                    Topics.OPPORTUNITY,
                    OpportunityStakeholderRoleChanged.class),
            new EventType(
                    "crm.opportunity.stakeholder-removed.v1", Topics.OPPORTUNITY, OpportunityStakeholderRemoved.class),
            new EventType("crm.opportunity.competitor-added.v1", Topics.OPPORTUNITY, OpportunityCompetitorAdded.class),
            new EventType(
                    "crm.opportunity.competitor-removed.v1", Topics.OPPORTUNITY, OpportunityCompetitorRemoved.class),
            new EventType("crm.activity.created.v1", Topics.ACTIVITY, ActivityCreated.class),
            new EventType("crm.activity.updated.v1", Topics.ACTIVITY, ActivityUpdated.class),
            new EventType("crm.activity.completed.v1", Topics.ACTIVITY, ActivityCompleted.class),
            new EventType("crm.activity.canceled.v1", Topics.ACTIVITY, ActivityCanceled.class),
            new EventType("crm.activity.assigned.v1", Topics.ACTIVITY, ActivityAssigned.class),
            new EventType("crm.note.created.v1", Topics.NOTE, NoteCreated.class),
            new EventType("crm.note.updated.v1", Topics.NOTE, NoteUpdated.class),
            new EventType("crm.note.deleted.v1", Topics.NOTE, NoteDeleted.class),
            new EventType("crm.notification.dismissed.v1", Topics.NOTIFICATION, NotificationDismissed.class));

    private static final Map<Class<?>, EventType> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, EventType> BY_CE_TYPE = new LinkedHashMap<>();

    static {
        for (EventType type : ALL) {
            BY_CLASS.put(type.payloadClass(), type);
            BY_CE_TYPE.put(type.ceType(), type);
        }
    }

    public static Optional<EventType> forClass(Class<?> payloadClass) {
        return Optional.ofNullable(BY_CLASS.get(payloadClass));
    }

    public static Optional<EventType> forCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    public static List<EventType> onTopic(String topic) {
        return ALL.stream().filter(t -> t.topic().equals(topic)).toList();
    }

    private EventCatalog() {}
}
