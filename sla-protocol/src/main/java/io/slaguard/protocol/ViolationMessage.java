package io.slaguard.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A violation as it travels on RabbitMQ: the upstream body {@code {"Fields": {…}, "Message": [{…}]}}
 * plus fields that legacy consumers ignore. One message carries one violated key.
 *
 * @param agreementId the agreement ({@code Fields.AgreementId})
 * @param guarantee   the guarantee name ({@code Fields.Guarantee})
 * @param violationTime when the assessment saw it
 * @param violationId unique id; also the AMQP {@code message_id}
 * @param key         the violating key: a call id, a job id, an instance, or a label set
 * @param instance    the Lithops instance of the key, or null
 * @param jobId       the job of the key, or null
 * @param callId      the call of the key, or null
 * @param notStarted  for notStarted violations, the call id that has not started; else null
 * @param entries     the {@code Message} array (one entry: the key, its value, time and resource)
 */
public record ViolationMessage(String agreementId, String guarantee, Instant violationTime, String violationId,
                               String key, String instance, String jobId, String callId, String notStarted,
                               List<Entry> entries) {

    public ViolationMessage {
        entries = List.copyOf(entries);
    }

    /** One element of {@code Message}: {@code {"key", "value", "datetime", "resource"}}. */
    public record Entry(String key, double value, Instant datetime, String resource) {
    }

    /** The value of the first entry, or NaN when there is none. */
    public double value() {
        return entries.isEmpty() ? Double.NaN : entries.get(0).value();
    }
}
