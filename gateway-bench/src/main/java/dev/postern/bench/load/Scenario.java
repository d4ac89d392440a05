package dev.postern.bench.load;

/** One load pattern, run against one target; blocks until done (bounded by its duration). */
interface Scenario {

    String name();

    Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception;

    /** Whether the target has the port this scenario connects to (IMAP unless the scenario says otherwise). */
    default boolean servedBy(Target target) {
        return target.imapPort() > 0;
    }
}
