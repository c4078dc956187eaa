package dev.concurrency.contention.fuzz;

/** A request and the answer it got from one service: what every failure message shows in full. */
record Exchange(RawHttp.Service service, Request request, Answer answer) {

    String describe() {
        return "  request to " + service.name() + " (" + service.authority() + "):\n    " + request.describe()
                + "\n  answer:\n    " + answer.describe();
    }

    /** The endpoint's template, e.g. "POST /members/{id}/points/charge": what groups failures of one kind. */
    String endpoint() {
        return request.method() + " " + Endpoints.template(service.name(), request.path());
    }
}
