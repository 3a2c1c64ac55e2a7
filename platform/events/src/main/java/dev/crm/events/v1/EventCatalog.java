package dev.crm.events.v1;

import dev.crm.events.v1.account.AccountAssigned;
import dev.crm.events.v1.account.AccountCreated;
import dev.crm.events.v1.account.AccountPrimaryContactChanged;
import dev.crm.events.v1.account.AccountUpdated;
import dev.crm.events.v1.contact.ContactAssigned;
import dev.crm.events.v1.contact.ContactCreated;
import dev.crm.events.v1.contact.ContactLinkedToAccount;
import dev.crm.events.v1.contact.ContactUnlinkedFromAccount;
import dev.crm.events.v1.contact.ContactUpdated;
import dev.crm.events.v1.lead.LeadAssigned;
import dev.crm.events.v1.lead.LeadCreated;
import dev.crm.events.v1.lead.LeadDisqualified;
import dev.crm.events.v1.lead.LeadQualified;
import dev.crm.events.v1.lead.LeadReactivated;
import dev.crm.events.v1.lead.LeadStakeholderAdded;
import dev.crm.events.v1.lead.LeadStakeholderRemoved;
import dev.crm.events.v1.lead.LeadStakeholderRoleChanged;
import dev.crm.events.v1.lead.LeadUpdated;

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
            new EventType("crm.contact.created.v1", Topics.CONTACT, ContactCreated.class),
            new EventType("crm.contact.updated.v1", Topics.CONTACT, ContactUpdated.class),
            new EventType("crm.contact.linked-to-account.v1", Topics.CONTACT, ContactLinkedToAccount.class),
            new EventType("crm.contact.unlinked-from-account.v1", Topics.CONTACT, ContactUnlinkedFromAccount.class),
            new EventType("crm.contact.assigned.v1", Topics.CONTACT, ContactAssigned.class),
            new EventType("crm.account.created.v1", Topics.ACCOUNT, AccountCreated.class),
            new EventType("crm.account.updated.v1", Topics.ACCOUNT, AccountUpdated.class),
            new EventType("crm.account.primary-contact-changed.v1", Topics.ACCOUNT, AccountPrimaryContactChanged.class),
            new EventType("crm.account.assigned.v1", Topics.ACCOUNT, AccountAssigned.class));

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

    private EventCatalog() {
    }
}
