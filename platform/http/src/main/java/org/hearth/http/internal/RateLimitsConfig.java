package org.hearth.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code rate_limits:} section of {@code conf/hearth.yaml} (PID {@code hearth.rate_limits}):
 * per action class {@code <class>.per_second} and {@code <class>.burst}. Method names follow the
 * DS and metatype naming rule: {@code _} is a dot, {@code __} an underscore
 * ({@code room__creation_per__second} is {@code room_creation.per_second}). The defaults here are
 * the only ones; they suit people chatting.
 */
@ObjectClassDefinition(name = "Rate limits",
        description = "The rate_limits: section of conf/hearth.yaml")
@interface RateLimitsConfig {
    /** The lowest rate accepted: one action in about three hours. */
    String MIN_RATE = "0.0001";

    @AttributeDefinition(required = false, description = "false: no limits (test servers)")
    boolean enabled() default true;

    @AttributeDefinition(required = false, description = "User IDs never limited (bots)")
    String[] exempt__users() default {};

    @AttributeDefinition(required = false, min = MIN_RATE, description = "login: actions per second")
    double login_per__second() default 0.5;

    @AttributeDefinition(required = false, min = "1", description = "login: actions at once")
    int login_burst() default 10;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "registration: actions per second")
    double registration_per__second() default 0.17;

    @AttributeDefinition(required = false, min = "1", description = "registration: actions at once")
    int registration_burst() default 5;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "message: actions per second")
    double message_per__second() default 10;

    @AttributeDefinition(required = false, min = "1", description = "message: actions at once")
    int message_burst() default 50;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "room_creation: actions per second")
    double room__creation_per__second() default 0.2;

    @AttributeDefinition(required = false, min = "1", description = "room_creation: actions at once")
    int room__creation_burst() default 10;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "join: actions per second")
    double join_per__second() default 0.5;

    @AttributeDefinition(required = false, min = "1", description = "join: actions at once")
    int join_burst() default 20;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "invite: actions per second")
    double invite_per__second() default 0.5;

    @AttributeDefinition(required = false, min = "1", description = "invite: actions at once")
    int invite_burst() default 20;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "state: actions per second")
    double state_per__second() default 2;

    @AttributeDefinition(required = false, min = "1", description = "state: actions at once")
    int state_burst() default 30;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "profile: actions per second")
    double profile_per__second() default 1;

    @AttributeDefinition(required = false, min = "1", description = "profile: actions at once")
    int profile_burst() default 10;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "password_check: actions per second")
    double password__check_per__second() default 0.2;

    @AttributeDefinition(required = false, min = "1", description = "password_check: actions at once")
    int password__check_burst() default 5;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "media_upload: actions per second")
    double media__upload_per__second() default 2;

    @AttributeDefinition(required = false, min = "1", description = "media_upload: actions at once")
    int media__upload_burst() default 20;

    @AttributeDefinition(required = false, min = MIN_RATE, description = "keys: actions per second")
    double keys_per__second() default 20;

    @AttributeDefinition(required = false, min = "1", description = "keys: actions at once")
    int keys_burst() default 100;
}
