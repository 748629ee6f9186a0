package io.slaguard.manager.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * JSON as the original's clients expect it: field names match ignoring case, unknown fields are ignored, and
 * NaN/±Inf are the strings {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} (as Prometheus writes them) so a
 * non-finite value never breaks a response. The same mapper writes the JSON columns of the store.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer slaJson() {
        SimpleModule nonFinite = new SimpleModule("non-finite-doubles")
                .addSerializer(Double.class, new DoubleSerializer(Double.class))
                .addSerializer(double.class, new DoubleSerializer(double.class))
                .addDeserializer(Double.class, new DoubleDeserializer(Double.class))
                .addDeserializer(double.class, new DoubleDeserializer(double.class));
        // case-insensitive names and ignored unknown fields are set in application.yml (spring.jackson.*)
        return builder -> builder.addModule(nonFinite);
    }

    /** Text of a non-finite double as Prometheus writes it. */
    public static String nonFiniteText(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "+Inf" : "-Inf";
    }

    static final class DoubleSerializer extends StdSerializer<Double> {
        DoubleSerializer(Class<Double> type) {
            super(type);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializationContext context) {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeString(nonFiniteText(value));
            }
        }
    }

    static final class DoubleDeserializer extends StdScalarDeserializer<Double> {
        DoubleDeserializer(Class<Double> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext context) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getString().trim();
                switch (text) {
                    case "NaN":
                        return Double.NaN;
                    case "+Inf", "Inf", "Infinity", "+Infinity":
                        return Double.POSITIVE_INFINITY;
                    case "-Inf", "-Infinity":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        try {
                            return Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            return (Double) context.handleWeirdStringValue(Double.class, text, "not a number");
                        }
                }
            }
            if (token == JsonToken.VALUE_NULL && handledType() == Double.class) {
                return null;
            }
            return (Double) context.handleUnexpectedToken(Double.class, p);
        }
    }
}
