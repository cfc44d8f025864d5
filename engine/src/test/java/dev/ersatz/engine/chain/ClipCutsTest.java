package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipCutsTest {

    @Test
    void withoutMarksClipsAreTheIntervalsLongEnough() {
        List<ClipCuts.Cut> c = ClipCuts.cuts(List.of(new int[] {0, 100}, new int[] {200, 230}, new int[] {300, 1000}), new int[0], 50, 200);
        assertEquals(List.of(new ClipCuts.Cut(0, 100), new ClipCuts.Cut(300, 1000)), c);
    }

    @Test
    void marksMoveStartsToAttacksAndCutLongClipsAtTheNearestMark() {
        int[] marks = {120, 400, 530, 790, 1010, 1500};
        List<ClipCuts.Cut> c = ClipCuts.cuts(List.of(new int[] {100, 1200}), marks, 50, 400);
        // start 100 → 120; 120+400 = 520 → nearest mark 530; 530+400 = 930 → 1010 (nearer than 790); rest 1010..1200
        assertEquals(List.of(new ClipCuts.Cut(120, 530), new ClipCuts.Cut(530, 1010), new ClipCuts.Cut(1010, 1200)), c);
    }
}
