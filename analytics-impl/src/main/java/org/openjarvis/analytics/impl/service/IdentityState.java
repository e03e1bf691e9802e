package org.openjarvis.analytics.impl.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.openjarvis.analytics.impl.identity.AnonymousIdStore;
import org.openjarvis.analytics.impl.identity.Consent;

/**
 * Consent plus the anonymous id, decided together: the id file is only read or created once consent is granted,
 * and analytics runs only when both are in place.
 */
final class IdentityState {
    private final Consent consent;
    private final AnonymousIdStore store;
    private final String anonymousId;
    private final String identityError;
    private final boolean replacedContent;

    private IdentityState(Consent consent, AnonymousIdStore store, String anonymousId, String identityError,
            boolean replacedContent) {
        this.consent = consent;
        this.store = store;
        this.anonymousId = anonymousId;
        this.identityError = identityError;
        this.replacedContent = replacedContent;
    }

    /** Reads or creates the id file only if consent is granted. */
    static IdentityState establish(Consent consent, Path home) {
        AnonymousIdStore store = new AnonymousIdStore(home.resolve("anon_id"));
        if (!consent.granted()) {
            return new IdentityState(consent, store, null, null, false);
        }
        try {
            AnonymousIdStore.AnonymousId id = store.getOrCreate();
            return new IdentityState(consent, store, id.value(), null, id.replacedContent());
        } catch (IOException | RuntimeException e) {
            return failed(consent, store, e);
        }
    }

    /** No usable home: no id can be read or created, whatever consent says. */
    static IdentityState withoutHome(Consent consent, String problem) {
        return new IdentityState(consent, null, null, problem, false);
    }

    /** Replaces the id; only meaningful while consent is granted. */
    IdentityState reset() {
        if (store == null) {
            return this;
        }
        try {
            return new IdentityState(consent, store, store.reset(), null, false);
        } catch (IOException | RuntimeException e) {
            return failed(consent, store, e);
        }
    }

    private static IdentityState failed(Consent consent, AnonymousIdStore store, Exception e) {
        return new IdentityState(consent, store, null, "anonymous id file " + store.file()
                + " could not be read or written: " + e.getMessage(), false);
    }

    /** The id file that held something other than a UUID, which this state replaced by a new id. */
    Optional<Path> replacedIdFile() {
        return replacedContent ? Optional.of(store.file()) : Optional.empty();
    }

    Consent consent() {
        return consent;
    }

    boolean enabled() {
        return anonymousId != null;
    }

    Optional<String> anonymousId() {
        return Optional.ofNullable(anonymousId);
    }

    /** Why analytics is not running: the consent refusal first, else an identity failure. */
    Optional<String> disabledReason() {
        if (!consent.granted()) {
            return consent.refusal();
        }
        return Optional.ofNullable(identityError);
    }
}
