package dev.concurrency.point.service;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;

/**
 * A payment or hold found its id already taken when it came to insert its row (a void, or the same
 * id for another member, committed first). Thrown as a refusal so that whatever this request changed
 * is undone (its transaction, or in a batch only its own part); the service then answers as the
 * row that is there decides.
 */
final class DecidedElsewhere extends ApiException {

    DecidedElsewhere() {
        super(CommonProblem.REQUEST_IN_PROGRESS, "decided by a concurrent request");
    }
}
