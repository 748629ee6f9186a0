package io.slaguard.manager.api;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and the message the client sees. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " " + id + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    /** Every validation message at once, joined as the original did ({@code "X is empty. Y is empty. "}). */
    public static ApiException invalid(List<String> messages) {
        StringBuilder text = new StringBuilder();
        for (String m : messages) {
            text.append(m.endsWith(". ") ? m : m.endsWith(".") ? m + " " : m + ". ");
        }
        return badRequest(text.toString());
    }
}
