package io.slaguard.manager.api;

/** The error body of every failed request, as the original wrote it: {@code {"code": "404", "message": "…"}}. */
public record ApiError(String code, String message) {
    public static ApiError of(int status, String message) {
        return new ApiError(Integer.toString(status), message);
    }
}
