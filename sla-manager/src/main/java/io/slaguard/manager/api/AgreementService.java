package io.slaguard.manager.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.slaguard.manager.assessment.ViolationQueryCompiler;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Variable;
import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.AgreementRepository.StoredAgreement;

/** Creation and state changes of agreements: everything is validated first, then written in one transaction. */
@Service
public class AgreementService {
    /** Attempts of a state change that keeps meeting a concurrent change of the same agreement. */
    private static final int STATE_CHANGE_ATTEMPTS = 5;
    /** Width of the monitoring URL column. */
    private static final int MAX_MONITORING_URL_LENGTH = 2048;

    private final AgreementRepository agreements;
    private final MonitoringUrlPolicy monitoringUrls;
    private final TransactionTemplate transactions;
    private final ViolationQueryCompiler compiler = new ViolationQueryCompiler();
    private final Clock clock;

    public AgreementService(AgreementRepository agreements, MonitoringUrlPolicy monitoringUrls,
                            TransactionTemplate transactions, Clock clock) {
        this.agreements = agreements;
        this.monitoringUrls = monitoringUrls;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Validates and stores a new agreement (no assessment). Insert and read-back share one transaction, so the
     * answer is the row as committed even when a delete of the same id races with it.
     */
    public StoredAgreement create(AgreementInput input) {
        Agreement agreement = validated(input);
        try {
            return transactions.execute(status -> {
                agreements.insert(agreement, emptyToNull(input.monitoringUrl()));
                return agreements.find(agreement.id()).orElseThrow();
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("agreement " + agreement.id() + " already exists");
        }
    }

    /**
     * The agreement the input describes, normalised (details id/name/type/creation filled in, legacy metrics
     * decoded), or a 400 listing every problem.
     */
    public Agreement validated(AgreementInput input) {
        List<String> problems = new ArrayList<>();
        String id = input.id();
        EntityIds.problem("Agreement.Id", id).ifPresent(problems::add);
        EntityIds.nameProblem("Agreement.Name", input.name(), EntityIds.MAX_NAME_LENGTH).ifPresent(problems::add);
        if (input.monitoringUrl() != null && input.monitoringUrl().length() > MAX_MONITORING_URL_LENGTH) {
            problems.add("Agreement.MonitoringUrl is longer than " + MAX_MONITORING_URL_LENGTH + " characters");
        }
        AgreementState state = AgreementState.started;
        if (!isEmpty(input.state())) {
            state = parseState(input.state(), problems);
        }
        monitoringUrls.problem(input.monitoringUrl()).ifPresent(problems::add);
        Details details = input.details();
        if (details == null) {
            problems.add("Agreement.Details is empty");
            throw ApiException.invalid(problems);
        }
        if (!isEmpty(details.id()) && !isEmpty(id) && !details.id().equals(id)) {
            problems.add("Agreement.Id and Agreement.Details.Id differ");
        }
        if (details.provider() == null || isEmpty(details.provider().id())) {
            problems.add("Agreement.Details.Provider.Id is empty");
        }
        if (details.client() == null || isEmpty(details.client().id())) {
            problems.add("Agreement.Details.Client.Id is empty");
        }
        if (details.guarantees().isEmpty()) {
            problems.add("Agreement.Details.Guarantees is empty");
        }
        for (Guarantee g : details.guarantees()) {
            // the store keeps a guarantee's name with each key state and violation
            if (g.name() != null && g.name().length() > EntityIds.MAX_LENGTH) {
                problems.add("a guarantee name is " + g.name().length() + " characters long; at most "
                        + EntityIds.MAX_LENGTH);
            }
        }
        List<Variable> variables = new ArrayList<>();
        for (Variable v : details.variables()) {
            try {
                variables.add(new Variable(v.name(), LegacyMetrics.decode(v.metric())));
            } catch (IllegalArgumentException e) {
                problems.add("variable '" + v.name() + "': malformed URL encoding in its metric");
                variables.add(v);
            }
        }
        Details normalised = new Details(id, isEmpty(details.type()) ? "agreement" : details.type(),
                isEmpty(details.name()) ? input.name() : details.name(), details.provider(), details.client(),
                details.creation() == null ? clock.instant() : details.creation(), details.expiration(), variables,
                details.guarantees().stream().map(AgreementService::trimmed).toList(), details.predictor());
        problems.addAll(compiler.validate(normalised));
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return new Agreement(id, input.name(), state, null, normalised);
    }

    /** Applies a state and/or monitoring URL change atomically; nothing leaves {@code terminated}. */
    public StoredAgreement change(String id, StateChange change) {
        AgreementState target = null;
        if (change != null && !isEmpty(change.state())) {
            List<String> problems = new ArrayList<>();
            target = parseState(change.state(), problems);
            if (!problems.isEmpty()) {
                throw ApiException.invalid(problems);
            }
        }
        String url = change == null ? null : change.monitoringUrl();
        monitoringUrls.problem(url).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        if (url != null && url.length() > MAX_MONITORING_URL_LENGTH) {
            throw ApiException.badRequest("monitoring_url is longer than " + MAX_MONITORING_URL_LENGTH + " characters");
        }
        for (int attempt = 0; attempt < STATE_CHANGE_ATTEMPTS; attempt++) {
            AgreementState requested = target;
            StoredAgreement changed = transactions.execute(status -> apply(id, requested, url));
            if (changed != null) {
                return changed;
            }
        }
        throw ApiException.conflict("agreement " + id + " keeps changing concurrently; retry");
    }

    /** The changed agreement, or null when a concurrent change won the row (the caller retries). */
    private StoredAgreement apply(String id, AgreementState target, String url) {
        StoredAgreement current = agreements.find(id).orElseThrow(() -> ApiException.notFound("agreement", id));
        AgreementState from = current.agreement().state();
        AgreementState to = target == null ? from : target;
        String newUrl = url == null ? current.monitoringUrl() : emptyToNull(url);
        if (from == AgreementState.terminated && (to != from || !Objects.equals(newUrl, current.monitoringUrl()))) {
            throw ApiException.badRequest("agreement " + id + " is terminated; it cannot change any more");
        }
        if (!agreements.changeState(id, current.version(), to, newUrl)) {
            return null;
        }
        return agreements.find(id).orElseThrow();
    }

    private static AgreementState parseState(String text, List<String> problems) {
        try {
            return AgreementState.valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("Agreement.State '" + text + "' is not valid (started, stopped, terminated)");
            return null;
        }
    }

    private static Guarantee trimmed(Guarantee g) {
        return g.constraint() == null ? g : new Guarantee(g.name(), g.constraint().trim(), g.forDuration());
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
