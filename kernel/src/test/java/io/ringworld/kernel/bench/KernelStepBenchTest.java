package io.ringworld.kernel.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringworld.kernel.Effect;
import io.ringworld.kernel.Effects;
import io.ringworld.kernel.message.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark measures what it says: each visit answers every append it took (visit() throws
 * otherwise), within a bounded number of token visits, and a server write releases its ack
 * after PersistDone. Not a timing test.
 */
class KernelStepBenchTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 256})
    void everyAppendOfAVisitIsAnsweredAndTheServerAcks(int batch) {
        KernelStepBench b = new KernelStepBench();
        b.batch = batch;
        b.setup();
        for (int k = 0; k < 20; k++) {
            int visits = b.visit();
            assertTrue(visits >= 1 && visits <= 4, "visits for " + batch + " appends: " + visits);
            Effects e = b.serverWrite();
            boolean acked = false;
            for (Effect x : e) {
                acked |= x instanceof Effect.Send s && s.message() instanceof Message.WriteAck a && a.accepted();
            }
            assertTrue(acked, "the server's ack after PersistDone: " + e);
        }
    }

    /** Every measured visit of switch 0 sequences its whole batch: the token comes back with h advanced by it. */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 256})
    void everySequencingVisitSequencesItsWholeBatch(int batch) {
        SequencingBench b = new SequencingBench();
        b.batch = batch;
        b.setup();
        b.prepare();
        long before = b.sequenced;
        for (int k = 0; k < 20; k++) {
            assertTrue(b.visit() > 0, "the visit sent nothing");
            b.prepare();
            assertTrue(b.sequenced == before + batch, "visit " + k + " took h from " + before + " to " + b.sequenced
                    + ", not by " + batch);
            before = b.sequenced;
        }
    }
}
