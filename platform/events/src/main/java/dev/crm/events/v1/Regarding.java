package dev.crm.events.v1;

/** The record an activity or a note is about. */
public record Regarding(RecordType type, String id) {}
