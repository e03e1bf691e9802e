package org.openjarvis.analytics.posthog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Consent as a state machine over the real components: the service, the EventAdmin bridge and the session aggregator
 * of the implementation bundle, a recording sink, and a PostHog sink with its disk spool behind a transport that can
 * be up or down. Random interleavings of captures, bus events, session ends, opt-outs and opt-ins by configuration, by
 * the user's command and by the environment (at a restart), restarts with the same home, sink rebinding and the host
 * coming and going. After every step: nothing captured or posted before an opt-out, or while it held, reached a sink
 * after that step, and the service says what the model says. At every quiet point: every sink's accounting balances,
 * every bus event is counted once, and every event captured with consent and not withdrawn since reached the
 * recording sink.
 */
class ConsentStateMachineTest {

    private static Path root;
    private final List<ConsentStack> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("consent-state-machine");
    }

    @AfterContainer
    static void removeRoot() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @AfterTry
    void stopWhatTheTryStarted() {
        started.forEach(ConsentStack::stop);
        started.clear();
    }

    @Property(tries = 150)
    void nothingFromBeforeAnOptOutOrDuringOneEverReachesASinkAndEveryEventIsAccountedFor(
            @ForAll("chains") ActionChain<ConsentStack> chain) {
        chain.withInvariant("nothing forbidden arrived", ConsentStack::checkNothingForbiddenArrived)
                .withInvariant("the service follows the model", ConsentStack::checkServiceFollowsTheModel)
                .run();
    }

    @Provide
    Arbitrary<ActionChain<ConsentStack>> chains() {
        return ActionChain.<ConsentStack>startWith(() -> {
            ConsentStack stack = ConsentStack.start(createDirectory());
            started.add(stack);
            return stack;
        })
                .withAction(4, Action.just("capture", Transformer.mutate("capture", ConsentStack::capture)))
                .withAction(3, Action.just("bus capture", Transformer.mutate("bus capture",
                        ConsentStack::busCapture)))
                .withAction(3, Action.just("inference", Transformer.mutate("inference", ConsentStack::inference)))
                .withAction(2, Action.just("slow inferences", Transformer.mutate("slow inferences",
                        ConsentStack::slowInferences)))
                .withAction(2, new EndSession())
                .withAction(2, configuration())
                .withAction(2, Action.just("analytics:disable", Transformer.mutate("analytics:disable",
                        ConsentStack::userOptOut)))
                .withAction(2, Action.just("analytics:enable", Transformer.mutate("analytics:enable",
                        ConsentStack::userOptIn)))
                .withAction(2, quickOptOutAndIn())
                .withAction(3, restart())
                .withAction(1, Action.just("rebind the sinks", Transformer.mutate("rebind the sinks",
                        ConsentStack::rebindSinks)))
                .withAction(3, hostUpOrDown())
                .withAction(2, Action.just("settle", Transformer.mutate("settle", ConsentStack::settle)))
                .withMaxTransformations(30);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory(root, "stack");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Action.Independent<ConsentStack> configuration() {
        return () -> Arbitraries.of(true, false).flatMap(enabled -> Arbitraries.of(true, false).map(typo ->
                Transformer.mutate("configure enabled=" + enabled + (typo ? " with a typo elsewhere" : ""),
                        stack -> stack.configure(enabled, typo))));
    }

    private static Action.Independent<ConsentStack> quickOptOutAndIn() {
        return () -> Arbitraries.of(true, false).map(byCommand -> Transformer.mutate("opt out and back in at once "
                + (byCommand ? "by command" : "by configuration"), stack -> stack.quickOptOutAndIn(byCommand)));
    }

    private static Action.Independent<ConsentStack> restart() {
        return () -> Arbitraries.of(true, false).map(optOut -> Transformer.mutate("restart"
                + (optOut ? " with DO_NOT_TRACK=1" : ""), stack -> stack.restart(optOut)));
    }

    private static Action.Independent<ConsentStack> hostUpOrDown() {
        return () -> Arbitraries.of(true, false).map(up -> Transformer.mutate(up ? "host up" : "host down",
                stack -> stack.host(up)));
    }

    private static final class EndSession implements Action.Dependent<ConsentStack> {
        @Override
        public boolean precondition(ConsentStack stack) {
            return !stack.sessions().isEmpty();
        }

        @Override
        public Arbitrary<Transformer<ConsentStack>> transformer(ConsentStack stack) {
            return Arbitraries.of(stack.sessions()).map(session -> Transformer.mutate("end session " + session,
                    s -> s.endSession(session)));
        }
    }
}
