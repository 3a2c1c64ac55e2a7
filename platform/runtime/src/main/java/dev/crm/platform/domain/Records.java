package dev.crm.platform.domain;

import dev.crm.events.v1.Money;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Field-by-field operations on the details records of the event contracts. */
public final class Records {

    /** Names of the top-level fields whose values differ; money compares by value, so 17000 equals 17000.00. */
    public static <R extends Record> List<String> changedFields(R before, R after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : after.getClass().getRecordComponents()) {
            if (!same(value(component, before), value(component, after))) {
                changed.add(component.getName());
            }
        }
        return changed;
    }

    /**
     * {@code target} with each empty field (null, blank, or a record whose fields are all empty) taken from
     * {@code source} where the source has a value; values already there are never overwritten. Both must be of the same record class.
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R fillEmpty(R target, R source) {
        if (source == null) {
            return target;
        }
        RecordComponent[] components = target.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Object mine = value(components[i], target);
            Object theirs = value(components[i], source);
            // an empty field stays as it was unless the source really has a value ("" never replaces null)
            values[i] = isEmpty(mine) && !isEmpty(theirs) ? theirs : mine;
            types[i] = components[i].getType();
        }
        try {
            return (R) target.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot copy " + target.getClass().getName(), e);
        }
    }

    public static boolean isEmpty(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof String s) {
            return s.isBlank();
        }
        if (value instanceof Record r) {
            for (RecordComponent component : r.getClass().getRecordComponents()) {
                if (!isEmpty(value(component, r))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Money m && b instanceof Money n) {
            return m.currency().equals(n.currency()) && m.amount().compareTo(n.amount()) == 0;
        }
        return Objects.equals(a, b);
    }

    private Records() {}
}
