package dev.concurrency.support.idempotency;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state-changing endpoint that honours the {@code Idempotency-Key} header: a repeat with
 * the same key and body gets the first answer and changes nothing (docs/api.md#common-rules).
 * The endpoint's transactional work must run inside {@link Idempotency#once}.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /** The status of a successful answer, which is what a repeat gets back. */
    @Nonbinding
    int status() default 200;
}
