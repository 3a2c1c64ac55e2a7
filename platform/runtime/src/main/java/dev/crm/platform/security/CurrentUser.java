package dev.crm.platform.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller of the current request. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public String userId() {
        String subject = jwt.getSubject();
        return subject != null ? subject : jwt.getName();
    }

    public boolean isManager() {
        return jwt.getGroups() != null && jwt.getGroups().contains(Actor.SALES_MANAGER);
    }

    public Actor actor() {
        return new Actor(userId(), isManager());
    }
}
