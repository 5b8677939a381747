package io.ringworld.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    /** Pops come out ordered by time, and by insertion order among equal times (a stable sort). */
    @Property(tries = 300)
    void popsInTimeThenInsertionOrder(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 50) Integer> times) {
        EventQueue<Integer> queue = new EventQueue<>();
        for (int k = 0; k < times.size(); k++) {
            queue.push(times.get(k), k);
        }
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < times.size(); k++) {
            expected.add(k);
        }
        expected.sort(Comparator.comparingInt((Integer k) -> times.get(k)).thenComparingInt(k -> k));
        List<Integer> popped = new ArrayList<>();
        while (!queue.isEmpty()) {
            popped.add(queue.pop());
        }
        assertEquals(expected, popped);
    }

    @Test
    void emptyQueueRefusesToPop() {
        EventQueue<String> queue = new EventQueue<>();
        assertThrows(IllegalStateException.class, queue::pop);
        assertThrows(IllegalStateException.class, queue::peekTime);
    }
}
