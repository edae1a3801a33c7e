package org.initlab.testkit.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit itself, run through the JUnit Platform test kit against the providers of {@link ExampleProviders}: it
 * passes the one that keeps the contract (a kit that fails everything would be no use) and fails each broken one
 * on the check for the rule it breaks, with a message that says what is wrong.
 */
class InitializerContractKitTest {
    private static final List<String> ALL = List.of("isDiscoveredByServiceLoaderAndDescribesItself",
            "theSameSeedGivesTheSameValues", "otherSeedsGiveOtherValues", "everyElementIsWritten",
            "unsupportedShapesAreRefusedWithAClearError", "valuesFollowTheStatedDistribution",
            "aStatedStdMatchesTheValues", "theCanonicalSpecRoundTrips");
    private static final List<String> STRUCTURE = List.of(
            "aStructureAwareInitializerRefusesANetworkWithoutResidualBlocks",
            "aStructureAwareInitializerFillsItsResidualNetwork");

    @Test
    void aProviderThatKeepsTheContractPassesEveryCheck() {
        Events events = run(ExampleContracts.CorrectContract.class);

        assertThat(names(events.succeeded())).containsExactlyInAnyOrderElementsOf(ALL);
        assertThat(events.failed().count()).isZero();
        assertThat(names(events.aborted())).as("the structure checks, skipped for a plain initializer")
                .containsExactlyInAnyOrderElementsOf(STRUCTURE);
        assertThat(events.aborted().stream().map(InitializerContractKitTest::reason))
                .allMatch(r -> r.contains("kit-correct is not a StructureAwareInitializer"));
    }

    @Test
    void aStructureAwareProviderThatKeepsTheContractPassesEveryCheckIncludingTheStructureChecks() {
        Events events = run(ExampleContracts.GatedCorrectContract.class);

        assertThat(names(events.succeeded())).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(ALL.stream(), STRUCTURE.stream()).toList());
        assertThat(events.failed().count()).isZero();
        assertThat(events.aborted().count()).isZero();
    }

    @Test
    void aStructureAwareProviderThatAcceptsAPlainNetworkFailsTheRefusalCheck() {
        Map<String, String> failures = failures(run(ExampleContracts.GatedAcceptsAnyContract.class));

        assertThat(failures).containsOnlyKeys("aStructureAwareInitializerRefusesANetworkWithoutResidualBlocks");
        assertThat(failures.get("aStructureAwareInitializerRefusesANetworkWithoutResidualBlocks"))
                .contains("kit-gated-any.checkNetwork on a network without residual blocks");
    }

    @Test
    void aProviderThatIgnoresTheSeedFailsTheSeedCheck() {
        Map<String, String> failures = failures(run(ExampleContracts.IgnoresTheSeedContract.class));

        assertThat(failures).containsOnlyKeys("otherSeedsGiveOtherValues");
        assertThat(failures.get("otherSeedsGiveOtherValues"))
                .contains("kit-ignores-seed on [32, 64]: seed 42 gives the values of seed 1 (is the SeededRandom ignored?)");
    }

    @Test
    void aProviderThatLeavesAnElementUnwrittenFailsTheWriteCheck() {
        Map<String, String> failures = failures(run(ExampleContracts.LeavesAnElementUnwrittenContract.class));

        assertThat(failures).containsKey("everyElementIsWritten");
        assertThat(failures.get("everyElementIsWritten"))
                .contains("kit-leaves-element on [32, 64] left element 2047 of 2048 unwritten");
        // the NaN it leaves also spoils its statistics; determinism and the spec string are unaffected
        assertThat(failures).doesNotContainKeys("theSameSeedGivesTheSameValues", "theCanonicalSpecRoundTrips",
                "otherSeedsGiveOtherValues");
    }

    @Test
    void aProviderThatDrawsAnotherStdThanItStatesFailsTheStatisticalChecks() {
        Map<String, String> failures = failures(run(ExampleContracts.WrongStdContract.class));

        assertThat(failures).containsOnlyKeys("valuesFollowTheStatedDistribution", "aStatedStdMatchesTheValues");
        assertThat(failures.get("valuesFollowTheStatedDistribution")).contains("Kolmogorov-Smirnov p of kit-wrong-std");
        assertThat(failures.get("aStatedStdMatchesTheValues")).contains("expectedStd 1.0, sample std 1.4");
    }

    @Test
    void aShapeDeclaredUnsupportedButAcceptedFailsTheRefusalCheck() {
        Map<String, String> failures = failures(run(ExampleContracts.ClaimsARefusalContract.class));

        assertThat(failures).containsOnlyKeys("unsupportedShapesAreRefusedWithAClearError");
        assertThat(failures.get("unsupportedShapesAreRefusedWithAClearError")).contains("kit-correct on [4, 4]");
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
    }

    private static List<String> names(Events events) {
        return events.stream().map(InitializerContractKitTest::name).toList();
    }

    private static Map<String, String> failures(Events events) {
        return events.failed().stream().collect(Collectors.toMap(InitializerContractKitTest::name,
                e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(String::valueOf).orElse("")));
    }

    private static String reason(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(String::valueOf).orElse("");
    }

    private static String name(Event event) {
        return event.getTestDescriptor().getDisplayName().replace("()", "");
    }
}
