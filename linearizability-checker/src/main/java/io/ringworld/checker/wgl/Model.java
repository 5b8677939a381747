package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.Operation;
import java.util.List;

/**
 * A sequential specification for {@link WglChecker}. Knossos-style: a model compiles the
 * operations of one partition into a {@link Spec} whose states are immutable values with
 * equals/hashCode (the search memoizes on them).
 */
public interface Model {
    /** E.g. "log", "register", "kv". */
    String name();

    /**
     * P-compositionality: splits the operations into sub-histories that are linearizable
     * independently (a key-value map is linearizable iff each key is). Default: one partition.
     */
    default List<List<Operation>> partition(List<Operation> operations) {
        return List.of(operations);
    }

    /**
     * Compiles one partition: drops operations that constrain nothing (failed writes, :info reads ...).
     *
     * @throws HistoryFormatException if an operation is not one this model knows
     */
    Spec compile(History history, List<Operation> partition);

    /** The compiled sequential specification of one partition. */
    interface Spec {
        /** Operations to linearize, in order of invocation. */
        List<Operation> operations();

        /** Whether the operation must be linearized (else it may or may not take effect: :info). */
        default boolean required(Operation op) {
            return op.outcome() != io.ringworld.checker.history.OpType.INFO;
        }

        Object initialState();

        /** The state after op takes effect in state with the result the history recorded; null if it cannot. */
        Object step(Object state, Operation op);
    }
}
