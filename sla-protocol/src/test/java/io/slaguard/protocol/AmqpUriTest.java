package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The original Go client's reading of AMQP URIs. */
class AmqpUriTest {

    @ParameterizedTest(name = "{0} -> vhost {1}")
    @CsvSource(delimiter = '|', value = {
            "amqp://h:5672          | /",
            "amqp://h:5672/         | /",
            "amqp://h:5672/%2F      | /",
            "amqp://h:5672/%2f      | /",
            "amqp://h:5672/x        | x",
            "amqp://h:5672/a%2Fb    | a/b",
            "amqp://h:5672/a/b      | a/b",
            "amqp://h:5672//        | /",
            "amqp://h:5672/sp%20ace | sp ace",
            "amqp://h:5672/a+b      | a+b",
            "amqp://h:5672/?heartbeat=5 | /",
            "amqp://h:5672/x#frag   | x"})
    void readsTheVhostAsTheGoClientDid(String uri, String vhost) {
        AmqpUri parsed = AmqpUri.parse(uri);
        assertThat(parsed.virtualHost()).isEqualTo(vhost);
        assertThat(parsed.host()).isEqualTo("h");
        assertThat(parsed.port()).isEqualTo(5672);
        assertThat(parsed.tls()).isFalse();
    }

    @Test
    void decodesEscapedCharactersOfTheUserInfo() {
        AmqpUri parsed = AmqpUri.parse("amqp://Cloud%40Button:p%3As%2Fw%25rd%20x+y@broker.example:5672/");
        assertThat(parsed.username()).isEqualTo("Cloud@Button");
        assertThat(parsed.password()).isEqualTo("p:s/w%rd x+y");
        assertThat(parsed.host()).isEqualTo("broker.example");
        assertThat(parsed.virtualHost()).isEqualTo("/");
        // a raw @ in the password: the last one ends the user info, as in Go
        assertThat(AmqpUri.parse("amqp://u:p@ss@h/").password()).isEqualTo("p@ss");
        assertThat(AmqpUri.parse("amqp://u@h/").username()).isEqualTo("u");
        assertThat(AmqpUri.parse("amqp://u@h/").password()).isNull();
        assertThat(AmqpUri.parse("amqp://h/").username()).isNull();
    }

    @Test
    void amqpsIsTlsOnItsOwnDefaultPort() {
        AmqpUri tls = AmqpUri.parse("AMQPS://u:secret@broker.example/prod");
        assertThat(tls.tls()).isTrue();
        assertThat(tls.port()).isEqualTo(5671);
        assertThat(tls.virtualHost()).isEqualTo("prod");
        assertThat(AmqpUri.parse("amqps://broker.example:15671").port()).isEqualTo(15671);
        assertThat(AmqpUri.parse("amqp://broker.example").port()).isEqualTo(5672);
    }

    @Test
    void defaultsAndOtherHostForms() {
        assertThat(AmqpUri.parse("amqp://").host()).isEqualTo("localhost");
        assertThat(AmqpUri.parse("amqp:///x").virtualHost()).isEqualTo("x");
        AmqpUri ipv6 = AmqpUri.parse("amqp://u:p@[::1]:5673/");
        assertThat(ipv6.host()).isEqualTo("::1");
        assertThat(ipv6.port()).isEqualTo(5673);
        assertThat(ipv6.masked()).isEqualTo("amqp://u:****@[::1]:5673/%2F");
        AmqpUri query = AmqpUri.parse("  amqp://h/?heartbeat=7&connection_timeout=2500&channel_max=9\n");
        assertThat(query.heartbeatSeconds()).isEqualTo(7);
        assertThat(query.connectionTimeoutMillis()).isEqualTo(2500);
        assertThat(query.channelMax()).isEqualTo(9);
    }

    @Test
    void theMaskedRenderingHidesThePasswordAndSpellsOutTheVhost() {
        AmqpUri parsed = AmqpUri.parse("amqp://CloudButton:XXXXXXXX@broker.example:5672/");
        assertThat(parsed.masked()).isEqualTo("amqp://CloudButton:****@broker.example:5672/%2F");
        assertThat(parsed.toString()).isEqualTo(parsed.masked()).doesNotContain("XXXXXXXX");
        assertThat(AmqpUri.parse("amqps://a%20b:s3cret@h/my%2Fvhost?heartbeat=5").masked())
                .isEqualTo("amqps://a%20b:****@h:5671/my%2Fvhost?heartbeat=5");
        assertThat(AmqpUri.parse("amqp://h").masked()).isEqualTo("amqp://h:5672/%2F");
    }

    @Test
    void refusesWhatIsNotAnAmqpUriNamingTheProblemWithoutThePassword() {
        assertThatThrownBy(() -> AmqpUri.parse(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> AmqpUri.parse(" ")).hasMessageContaining("missing");
        assertThatThrownBy(() -> AmqpUri.parse("http://u:s3cret@h/"))
                .hasMessageContaining("amqp:// or amqps://").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://u:s3cret@h:99999/"))
                .hasMessageContaining("port '99999'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://u:s3cret@h:x/")).hasMessageContaining("port 'x'");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://u:s3cret@h/%zz"))
                .hasMessageContaining("percent escape").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://u:s3 cret@h/"))
                .hasMessageContaining("spaces").hasMessageNotContaining("cret");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://h/?certfile=/x.pem"))
                .hasMessageContaining("'certfile'");
        assertThatThrownBy(() -> AmqpUri.parse("amqp://[::1/")).hasMessageContaining("IPv6");
        assertThat(AmqpUri.parse("amqp://u:s3cret@h/").toString()).doesNotContain("s3cret");
    }
}
