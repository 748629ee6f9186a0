package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SeriesKeysTest {
    @Test
    void callThenJobThenInstanceThenTheSortedLabelSet() {
        assertThat(SeriesKeys.keyOf(Map.of("call_id", "c", "job_id", "j", "exported_instance", "i"))).isEqualTo("c");
        assertThat(SeriesKeys.keyOf(Map.of("job_id", "j", "exported_instance", "i"))).isEqualTo("j");
        assertThat(SeriesKeys.keyOf(Map.of("exported_instance", "i", "instance", "127.0.0.1:9091"))).isEqualTo("i");
        assertThat(SeriesKeys.keyOf(Map.of("b", "2", "a", "1", "q", "say \"hi\""))).isEqualTo("{a=\"1\",b=\"2\",q=\"say \\\"hi\\\"\"}");
        assertThat(SeriesKeys.keyOf(Map.of())).isEqualTo("{}");
        assertThat(SeriesKeys.keyOf(Map.of("call_id", "", "job_id", "j"))).isEqualTo("j");
    }

    @Test
    void resourceIsTheFunctionName() {
        assertThat(SeriesKeys.resourceOf(Map.of("function_name", "summ"))).isEqualTo("summ");
        assertThat(SeriesKeys.resourceOf(Map.of("job_id", "j"))).isEmpty();
    }
}
