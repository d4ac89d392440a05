package dev.postern.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the probe's attempts: round after round, one attempt per group in each, the groups
 * in a fresh random order every round. Drift in the machine's load then hits every group alike, and
 * no group always follows the same other one.
 */
final class ProbeSchedule {

    private ProbeSchedule() {
    }

    /** Group indexes {@code 0..groups-1}, {@code rounds} times, each round shuffled with {@code random}. */
    static List<Integer> interleaved(int groups, int rounds, Random random) {
        List<Integer> order = new ArrayList<>(groups * rounds);
        List<Integer> round = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            round.add(g);
        }
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(round, random);
            order.addAll(round);
        }
        return order;
    }
}
