package io.slaguard.manager.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.logging.LogText;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Times;
import io.slaguard.protocol.ViolationCodec;
import io.slaguard.protocol.ViolationMessage;

/** Writes one structured line per violation (the {@code log} notifier of the original). */
public final class LogNotifier implements Notifier {
    public static final String NAME = "log";
    private static final Logger log = LoggerFactory.getLogger(LogNotifier.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Violation violation) {
        log.info(line(violation));
    }

    /** {@code violation id=… agreement=… guarantee=… key=… …}; values with spaces or quotes are quoted. */
    static String line(Violation v) {
        ViolationMessage m = ViolationMessages.toMessage(v);
        StringBuilder line = new StringBuilder("violation");
        field(line, "id", v.id());
        field(line, "agreement", v.agreementId());
        field(line, "guarantee", v.guarantee());
        field(line, "key", v.key());
        field(line, "value", Double.isFinite(v.value()) ? Double.toString(v.value()) : ViolationCodec.formatSpecial(v.value()));
        field(line, "time", Times.format(v.datetime()));
        field(line, "resource", v.resource());
        field(line, "instance", m.instance());
        field(line, "job", m.jobId());
        field(line, "call", m.callId());
        field(line, "notStarted", m.notStarted());
        return line.toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        line.append(' ').append(name).append('=');
        String escaped = LogText.escape(value);
        if (escaped.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=') || !escaped.equals(value)) {
            line.append('"').append(escaped.replace("\"", "\\\"")).append('"');
        } else {
            line.append(value);
        }
    }
}
