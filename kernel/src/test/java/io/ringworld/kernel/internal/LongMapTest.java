package io.ringworld.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LongMap against java.util.HashMap on random operations (seeded; -Dseed=N replays one). */
class LongMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsGetsAndRemoves() {
        long seed = Long.getLong("seed", 20261121L);
        System.out.println("LongMapTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        Random random = new Random(seed);
        LongMap<Long> map = new LongMap<>(4);
        HashMap<Long, Long> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Small key ranges force long probe runs and many backward shifts; a few huge keys too.
            long key = random.nextInt(8) == 0 ? random.nextLong() : random.nextInt(300) - 150;
            int op = random.nextInt(3);
            if (op == 0) {
                long value = random.nextLong();
                assertEquals(model.put(key, value), map.put(key, value), "put " + key + " at step " + step);
            } else if (op == 1) {
                assertEquals(model.remove(key), map.remove(key), "remove " + key + " at step " + step);
            } else {
                assertEquals(model.get(key), map.get(key), "get " + key + " at step " + step);
            }
            assertEquals(model.size(), map.size(), "size at step " + step);
        }
        HashMap<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(model, seen);
        map.clear();
        assertNull(map.get(model.keySet().iterator().next()));
    }
}
