package io.slaguard.manager.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.slaguard.manager.logging.LogText;
import tools.jackson.core.JacksonException;

/** Maps every failure of the API to the original's error body; nothing escapes as an HTML page or a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ApiError> duplicate(DuplicateKeyException e) {
        return error(HttpStatus.CONFLICT, "an entity with this id already exists");
    }

    /**
     * The database refused a value (too long, a character it cannot hold, a reference to nothing): validation
     * should have caught it first; either way the transaction rolled back and nothing changed.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> integrity(DataIntegrityViolationException e) {
        log.warn("the database refused a request's values: {}", LogText.escape(e.getMostSpecificCause().getMessage()));
        return error(HttpStatus.BAD_REQUEST, "a value does not fit the store (too long, or a character it cannot"
                + " hold); nothing was changed");
    }

    /** The database cannot be reached or gave no connection: nothing was written. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ApiError> databaseUnavailable(Exception e) {
        log.warn("request failed: the database is unavailable: {}", e.getMessage());
        return retryLater("the database is unavailable; retry later");
    }

    /**
     * The database failed during the request (a deadlock, a timeout, a connection lost around the commit): whether
     * a change was kept is unknown, so the client reads the entity again before repeating a change.
     */
    @ExceptionHandler({TransientDataAccessException.class, TransactionSystemException.class})
    ResponseEntity<ApiError> databaseFailedDuring(Exception e) {
        log.warn("request failed in the database: {}", e.getMessage());
        return retryLater("the database failed during the request; read the entity again, then retry");
    }

    private static ResponseEntity<ApiError> retryLater(String message) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ApiError.of(HttpStatus.SERVICE_UNAVAILABLE.value(), message));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException) {
                return error(HttpStatus.CONTENT_TOO_LARGE, t.getMessage());
            }
        }
        return error(HttpStatus.BAD_REQUEST, "malformed JSON: " + jsonProblem(e));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noRoute(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "no such route: /" + e.getResourcePath());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content type " + e.getContentType()
                + " is not supported; send application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "responses are application/json");
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> parameter(Exception e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the manager's log");
    }

    static ResponseEntity<ApiError> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(ApiError.of(status.value(), message));
    }

    /** Jackson's own description without the echo of the input. */
    private static String jsonProblem(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                String location = jackson.getLocation() == null ? ""
                        : " (line " + jackson.getLocation().getLineNr() + ", column " + jackson.getLocation().getColumnNr() + ")";
                return jackson.getOriginalMessage() + location;
            }
        }
        return e.getMostSpecificCause().getMessage() == null ? "unreadable body" : "body is empty or unreadable";
    }
}
