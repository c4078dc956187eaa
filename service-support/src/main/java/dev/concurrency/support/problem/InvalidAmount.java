package dev.concurrency.support.problem;

import jakarta.validation.Payload;

/**
 * Marks a constraint on a points or price field: its violation is answered with
 * {@code INVALID_AMOUNT} instead of {@code INVALID_REQUEST}.
 */
public interface InvalidAmount extends Payload {
}
