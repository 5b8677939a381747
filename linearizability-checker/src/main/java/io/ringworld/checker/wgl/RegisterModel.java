package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.OpType;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Knossos' cas-register: starts at nil; {@code :read v} (an :ok read returns the value),
 * {@code :write v}, {@code :cas [old new]}. Failed and :info reads and failed writes/cas constrain
 * nothing and are dropped. The value of each op is taken through `valueOf`, so {@link KvModel}
 * can reuse it per key.
 */
class RegisterModel implements Model {
    /** The register's value; a record so that nil is a state too. */
    record Reg(Object value) {
    }

    @Override
    public String name() {
        return "register";
    }

    /** The register-level value of an operation (for kv: the v of [k v]). */
    Object valueOf(Operation op, Object raw) {
        return raw;
    }

    @Override
    public Spec compile(History history, List<Operation> partition) {
        List<Operation> kept = new ArrayList<>();
        for (Operation op : partition) {
            if (!"read".equals(op.f()) && !"write".equals(op.f()) && !"cas".equals(op.f())) {
                throw new HistoryFormatException(history.lineOf(op.start()), ":f",
                    "the " + name() + " model has no :" + op.f() + " (expected :read :write :cas)");
            }
            if ("cas".equals(op.f()) && !(valueOf(op, op.invoke().value()) instanceof List<?> l && l.size() == 2)) {
                throw new HistoryFormatException(history.lineOf(op.start()), ":value", "a cas must carry [old new]");
            }
            boolean constrains = op.outcome() == OpType.OK || (op.outcome() == OpType.INFO && !"read".equals(op.f()));
            if (constrains) {
                kept.add(op);
            }
        }
        Function<Operation, Object> read = op -> valueOf(op, op.completion() == null ? null : op.completion().value());
        return new Spec() {
            @Override
            public List<Operation> operations() {
                return kept;
            }

            @Override
            public Object initialState() {
                return new Reg(null);
            }

            @Override
            public Object step(Object state, Operation op) {
                Object current = ((Reg) state).value();
                switch (op.f()) {
                    case "read": return Objects.equals(current, read.apply(op)) ? state : null;
                    case "write": return new Reg(valueOf(op, op.invoke().value()));
                    default:
                        List<?> cas = (List<?>) valueOf(op, op.invoke().value());
                        return Objects.equals(current, cas.get(0)) ? new Reg(cas.get(1)) : null;
                }
            }
        };
    }
}
