package io.ringworld.checker.wgl;

import io.ringworld.checker.history.History;
import io.ringworld.checker.history.HistoryFormatException;
import io.ringworld.checker.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-value map: every op's value is a tuple {@code [k v]} (Jepsen's independent convention) and
 * each key is a {@link RegisterModel} register. P-compositional: partitions by key.
 */
final class KvModel extends RegisterModel {
    @Override
    public String name() {
        return "kv";
    }

    @Override
    Object valueOf(Operation op, Object raw) {
        if (raw instanceof List<?> tuple && tuple.size() == 2) {
            return tuple.get(1);
        }
        return null;
    }

    @Override
    public Spec compile(History history, List<Operation> partition) {
        for (Operation op : partition) {
            if (!(op.invoke().value() instanceof List<?> tuple && tuple.size() == 2)) {
                throw new HistoryFormatException(history.lineOf(op.start()), ":value",
                    "a kv op must carry a tuple [k v]");
            }
        }
        return super.compile(history, partition);
    }

    @Override
    public List<List<Operation>> partition(List<Operation> operations) {
        Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : operations) {
            Object v = op.invoke().value();
            Object key = v instanceof List<?> tuple && !tuple.isEmpty() ? tuple.get(0) : null;
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        }
        return new ArrayList<>(byKey.values());
    }
}
