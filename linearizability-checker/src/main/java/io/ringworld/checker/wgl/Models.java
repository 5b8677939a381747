package io.ringworld.checker.wgl;

/** The models {@link WglChecker} ships with. */
public final class Models {
    private Models() {
    }

    /** SharedLog: appends, reads, tails and trims of a log of payloads or junk (see package docs). */
    public static Model sharedLog() {
        return new SharedLogModel();
    }

    /** A read/write/cas register starting at nil: {@code :f :read|:write|:cas}, cas value {@code [old new]}. */
    public static Model register() {
        return new RegisterModel();
    }

    /** A map of independent registers: values are {@code [k v]} (Jepsen's independent tuples). */
    public static Model kv() {
        return new KvModel();
    }

    /** By name: "log", "register" or "kv". */
    public static Model byName(String name) {
        switch (name) {
            case "log": return sharedLog();
            case "register": return register();
            case "kv": return kv();
            default: throw new IllegalArgumentException("unknown model " + name + " (expected log, register or kv)");
        }
    }
}
