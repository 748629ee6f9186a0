package io.slaguard.manager.api;

import java.io.IOException;

/** A body grew past the limit while it was being read (no or a false Content-Length). */
class RequestTooLargeException extends IOException {
    RequestTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
    }
}
