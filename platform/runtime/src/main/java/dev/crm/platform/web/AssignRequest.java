package dev.crm.platform.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of every {@code /{id}/assign}: the new owner's user id. */
public record AssignRequest(@NotBlank @Size(max = 128) String ownerId) {}
