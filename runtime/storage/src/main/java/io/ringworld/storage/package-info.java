/**
 * A log server's durable state on a real disk: the kernel's {@link io.ringworld.kernel.server.DurableState}
 * in a data directory.
 *
 * <p><b>Contract.</b> {@link io.ringworld.storage.LogStore#initialise} (cluster initialisation only)
 * creates a store with nothing to remember; {@link io.ringworld.storage.LogStore#openExisting}
 * (every other start) treats an empty or marker-less directory as a server that lost its state
 * (every index unknown, a relearn pending, both recorded). Both take the directory's lock (one
 * server per directory: a second process or a second store in this process is refused), refuse a
 * directory of another cluster or format version, and recover: every valid record is served, a
 * damaged one never is, and {@link io.ringworld.storage.RecoveryReport} names every damaged spot
 * (file, byte offset, cut tail or corruption), the indices the store can no longer vouch for
 * ({@code unknownIndices()}: found now, or recorded by {@code DurableRecord.Damaged}) and whether
 * the server must relearn before it acknowledges ({@code relearnPending()}). The host applies each {@code Effect.Persist} through
 * {@link io.ringworld.storage.GroupCommitter} (or {@code write} then {@code force} on one thread)
 * and steps {@code PersistDone(id)} only from the committer's callback, which comes after the
 * fsync that covers the persist.
 *
 * <p><b>Failures.</b> No logging: errors are {@link io.ringworld.storage.StorageException}s with a
 * kind and a message naming the directory, and status changes go to a
 * {@link io.ringworld.storage.StoreListener} for the host to log. A full disk refuses writes
 * (status FULL) while reads and trims go on, and writes resume once space returns. A failed fsync
 * is fatal (status FAILED): the store refuses everything and the host must stop the process;
 * a force is never retried, since after a failed fsync the kernel may have dropped the dirty pages.
 *
 * <p>{@link io.ringworld.storage.FileLayer} is every file operation the store does:
 * {@link io.ringworld.storage.NioFileLayer} is the real one, {@link io.ringworld.storage.FaultyFileLayer}
 * an in-memory one for tests that crashes, tears, flips bits and runs out of space.
 */
package io.ringworld.storage;
