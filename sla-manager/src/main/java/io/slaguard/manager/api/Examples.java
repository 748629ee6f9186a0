package io.slaguard.manager.api;

/** Example bodies shown in Swagger UI. */
final class Examples {
    private Examples() {
    }

    static final String AGREEMENT = """
            {"id": "a1", "name": "All functions must start", "state": "started",
             "details": {"id": "a1", "type": "agreement", "name": "All functions must start",
               "provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
               "expiration": "2030-01-01T00:00:00Z",
               "variables": [{"name": "notStarted", "metric": "sum by (job_id) (job_total_calls) - (count by (job_id) (count by (job_id, call_id) (function_start)) or sum by (job_id) (job_total_calls) * 0)"}],
               "guarantees": [{"name": "notStarted", "constraint": "notStarted == 0", "for": "10s"}]}}""";

    static final String STATE_CHANGE = """
            {"state": "stopped"}""";

    static final String PROVIDER = """
            {"id": "aws", "name": "AWS Lambda"}""";

    static final String TEMPLATE = """
            {"id": "maxcost", "name": "Cost limit",
             "parameters": {"MAXCOST": {"type": "number", "min": 0, "description": "dollars"}},
             "details": {"type": "agreement", "name": "Cost limit",
               "variables": [{"name": "cost", "metric": "sum(job_runtime_memory)"}],
               "guarantees": [{"name": "tooCostly", "constraint": "cost < {{.MAXCOST}}"}]}}""";

    static final String CREATE_AGREEMENT = """
            {"template_id": "cloudbutton_tooLong",
             "parameters": {"agreementname": "tooLong", "provider": "aws", "client": {"id": "me", "name": "My team"},
                            "TFACTOR": 1.3}}""";

    static final String NOTIFICATION = """
            {"Fields": {"AgreementId": "a1", "Guarantee": "tooLong", "Key": "2962f6-0-M000-00003"},
             "Message": [{"key": "2962f6-0-M000-00003", "value": 1639574814.56, "resource": "summ"}]}""";

    static final String AGREEMENT_VIEW = """
            {"id": "a1", "name": "All functions must start", "state": "started",
             "assessment": {"first_execution": "2026-01-05T10:00:00Z", "last_execution": "2026-01-05T10:05:00Z",
               "guarantees": {"notStarted": {"first_execution": "2026-01-05T10:00:00Z",
                 "last_execution": "2026-01-05T10:05:00Z", "state": "violated",
                 "last_values": [{"key": "2962f6-0-M000", "value": 3, "datetime": "2026-01-05T10:05:00Z",
                   "resource": "notStarted", "labels": {"job_id": "2962f6-0-M000"}}],
                 "last_violation": "2026-01-05T10:05:00Z"}}},
             "details": {"id": "a1", "type": "agreement", "name": "All functions must start",
               "provider": {"id": "p", "name": "P"}, "client": {"id": "c", "name": "C"},
               "expiration": "2030-01-01T00:00:00Z",
               "variables": [{"name": "notStarted", "metric": "sum by (job_id) (job_total_calls) - (count by (job_id) (count by (job_id, call_id) (function_start)) or sum by (job_id) (job_total_calls) * 0)"}],
               "guarantees": [{"name": "notStarted", "constraint": "notStarted == 0", "for": "10s"}]}}""";

    static final String CREATE_AGREEMENT_RESPONSE = """
            {"template_id": "cloudbutton_tooLong", "agreement_id": "tooLong",
             "parameters": {"agreementname": "tooLong", "TFACTOR": 1.3}}""";

    static final String VIOLATION_VIEW = """
            {"id": "5b0c1f9e-7a3e-4d55-9a57-3f0f3b1e2c11", "agreement_id": "tooLong", "guarantee": "tooLong",
             "datetime": "2026-01-05T10:05:00Z", "key": "2962f6-0-M000-00003", "resource": "tooLong", "value": 12.4,
             "labels": {"call_id": "2962f6-0-M000-00003", "job_id": "2962f6-0-M000"}}""";
}
