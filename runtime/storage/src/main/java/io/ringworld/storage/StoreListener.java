package io.ringworld.storage;

/** What a store tells its host to log. Called on the thread that caused it; must not call back into the store. */
public interface StoreListener {
    StoreListener NONE = new StoreListener() {
    };

    /** The store entered {@code status}; {@code cause} says why (null when it became writable again). */
    default void onStatus(StoreStatus status, StorageException cause) {
    }

    /** Something the operator should know that does not stop the store (a segment it could not delete). */
    default void onWarning(String message) {
    }
}
