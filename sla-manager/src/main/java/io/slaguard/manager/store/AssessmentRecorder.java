package io.slaguard.manager.store;

import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.Violation;

/**
 * Writes what one tick concluded about one agreement in ONE transaction: its assessment, its key states, the
 * violations that fired and their outbox entries. A crash leaves either all of it or none of it.
 */
@Component
public class AssessmentRecorder {
    private final AgreementRepository agreements;
    private final ViolationRepository violations;
    private final JdbcOutbox outbox;
    private final TransactionTemplate transactions;

    public AssessmentRecorder(AgreementRepository agreements, ViolationRepository violations, JdbcOutbox outbox,
                              TransactionTemplate transactions) {
        this.agreements = agreements;
        this.violations = violations;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /**
     * @param channels the enabled notification channels; one outbox entry per violation and channel
     * @return false if the agreement was deleted meanwhile (nothing is written then)
     */
    public boolean record(String agreementId, Assessment assessment, List<KeyState> keyStates,
                          List<Violation> fired, Collection<String> channels) {
        Boolean written = transactions.execute(status -> {
            if (!agreements.writeAssessment(agreementId, assessment)) {
                return false;
            }
            agreements.replaceKeyStates(agreementId, keyStates);
            for (Violation violation : fired) {
                violations.insert(violation);
                channels.forEach(channel -> outbox.enqueue(violation, channel));
            }
            return true;
        });
        return Boolean.TRUE.equals(written);
    }
}
