package dev.concurrency.support.idempotency;

/** A result whose success status depends on what happened (201 created, 200 already there). */
public interface AnswerStatus {

    int httpStatus();
}
