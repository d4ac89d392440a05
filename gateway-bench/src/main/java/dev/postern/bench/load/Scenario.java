package dev.postern.bench.load;

/** One load pattern, run against one target; blocks until done (bounded by its duration). */
interface Scenario {

    String name();

    Figures run(Wire wire, Target target, ScenarioOptions options) throws Exception;
}
