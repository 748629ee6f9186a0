package io.slaguard.manager.assessment;

/** What the manager reads from a Prometheus version string ({@code /api/v1/status/buildinfo}). */
final class PrometheusVersion {
    /** What a version without a leading number counts as. */
    static final int ASSUMED_MAJOR = 2;

    private PrometheusVersion() {
    }

    /** {@code 2.42.0+ds} or {@code v3.1.0} → 2 or 3; a version without a leading number counts as 2. */
    static int major(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int end = 0;
        while (end < v.length() && end < 9 && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
            end++;
        }
        return end == 0 ? ASSUMED_MAJOR : Integer.parseInt(v.substring(0, end));
    }
}
