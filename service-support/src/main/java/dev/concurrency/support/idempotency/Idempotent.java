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
 * The endpoint passes its request's key ({@link CurrentKey#pending()}) to its work, whose
 * transactional part must run inside {@link Idempotency#once}.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {

    /** The status of a successful answer, which is what a repeat gets back. */
    @Nonbinding
    int status() default 200;

    /**
     * How the endpoint answers its result when the status depends on it (201 made now, 200 found;
     * 202 while pending); it needs a public no-argument constructor. By default, {@link #status()}.
     */
    @Nonbinding
    Class<? extends Answering<?>> answering() default Fixed.class;

    /** The default of {@link #answering()}: {@link #status()} whatever the result. */
    final class Fixed implements Answering<Object> {
        @Override
        public int status(Object result) {
            throw new UnsupportedOperationException("stands for Idempotent.status()");
        }
    }
}
