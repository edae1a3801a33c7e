package org.initlab.tensorformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict JSON parser behind the safetensors header. */
class JsonTest {

    @Test
    void parsesObjectsArraysStringsNumbersAndLiteralsInDocumentOrder() {
        Object value = Json.parse(" {\"b\": [1, -2, 3.5, 1e3, 9223372036854775807], \"a\": {\"t\": true, "
                + "\"f\": false, \"n\": null}, \"s\": \"x\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\"} \n");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a", "s");
        assertThat(map.get("b")).isEqualTo(List.of(1L, -2L, 3.5, 1000.0, Long.MAX_VALUE));
        assertThat(map.get("a")).isEqualTo(Map.of("t", true, "f", false, "n", Json.NULL));
        assertThat(map.get("s")).isEqualTo("x\"\\/\n\u00e9\ud83d\ude00");
    }

    @Test
    void integersBeyondLongBecomeDoubles() {
        assertThat(Json.parse("[92233720368547758080]")).isEqualTo(List.of(9.223372036854775808E19));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\":1,}          | expected a string key at character 8",
        "[1,]                | unexpected ']', expected a value at character 4",
        "{'a':1}             | expected a string key at character 2",
        "{\"a\":01}          | expected ',' or '}' in an object at character 7",
        "{\"a\":1} x         | unexpected 'x' after the value at character 9",
        "{\"a\":NaN}         | unexpected 'N', expected a value at character 6",
        "{\"a\":1,\"a\":2}   | duplicate key \"a\" at character 8",
        "{\"a\" 1}           | expected ':' after key \"a\" at character 6",
        "{\"a\":\"\\x\"}     | bad escape '\\x' at character 8",
        "{\"a\":\"\\ud800\"} | lone surrogate escape at character 13",
        "{\"a\":\"x          | unterminated string at character 8",
        "{\"a\":-}           | expected a digit at character 7",
        "{\"a\":1.}          | expected a digit after '.' at character 8",
        "{\"a\":1e}          | expected a digit in the exponent at character 8",
        "{\"a\":tru}         | unexpected 't', expected a value at character 6",
        "[1 2]               | expected ',' or ']' in an array at character 4",
        "``                  | unexpected end, expected a value at character 1"})
    void malformedJsonIsRejectedWithThePosition(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Json.parse(text)).withMessage(message);
    }

    @Test
    void controlCharactersInStringsAndDeepNestingAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("[\"a\tb\"]"))
                .withMessage("control character in a string at character 4");
        assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("[".repeat(65) + "]".repeat(65)))
                .withMessage("nesting deeper than 64 at character 65");
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
    }

    @Test
    void quoteEscapesWhatJsonRequires() {
        assertThat(Json.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
        assertThat(Json.parse(Json.quote("0.weight \u00e9\t\"x\""))).isEqualTo("0.weight \u00e9\t\"x\"");
    }
}
