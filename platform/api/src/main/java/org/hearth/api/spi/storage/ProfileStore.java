package org.hearth.api.spi.storage;

import java.util.Map;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The profile fields of local users other than the display name, which {@link AccountStore}
 * keeps with the account: {@code avatar_url}, {@code m.tz} and custom fields (Client-Server API,
 * "Profiles"). Values are JSON text.
 */
@ConsumerType
public interface ProfileStore {

    /** The user's fields, by name, as JSON text; empty when none is set. */
    Map<String, String> fields(UserId userId);

    /** Sets one field to a JSON value. */
    void setField(UserId userId, String field, String valueJson);

    /** Removes one field; nothing happens when it is not set. */
    void removeField(UserId userId, String field);
}
