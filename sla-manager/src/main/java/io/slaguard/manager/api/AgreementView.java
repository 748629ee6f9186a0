package io.slaguard.manager.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.store.AgreementRepository.StoredAgreement;

/** An agreement as the API returns it: SLALite's shape plus the monitoring URL when one is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgreementView(String id, String name, AgreementState state, Assessment assessment, Details details,
                            @JsonProperty("monitoring_url") String monitoringUrl) {
    static AgreementView of(StoredAgreement stored) {
        var a = stored.agreement();
        return new AgreementView(a.id(), a.name(), a.state(), a.assessment(), a.details(), stored.monitoringUrl());
    }
}
