package io.ringworld.runtime.real;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One accepted connection of a {@link LinkProxy} and the connection it opens to the target, with
 * three threads: {@code -in} dials the target, then reads whole frames from the source and judges
 * each (the only user of the connection's random source, so the decisions follow the stream's
 * order and replay from the seed); {@code -out} writes the judged frames to the target when they
 * are due; {@code -back} relays the target's bytes to the source unchanged.
 *
 * <p>The frames between the two first threads wait in a queue whose due times never decrease
 * (a delay delays the stream), so it is a FIFO; reorder keeps one frame aside ({@link #held}) and
 * puts it in the queue right behind the next frame judged, or when {@link LinkProxy#REORDER_HOLD_MILLIS}
 * has passed. The queue is bounded ({@link #QUEUED_BYTES_MAX}, one frame always fits): a target
 * slower than the source slows the reads from the source, as TCP would.
 */
final class ProxyConnection {
    /** Bytes of frames waiting to be written, at most (besides one frame of any size). */
    static final long QUEUED_BYTES_MAX = 32L << 20;
    private static final int BACK_BUFFER_BYTES = 64 << 10;

    /** A frame to write {@code copies} times when {@code dueNanos} has come. */
    private static final class Out {
        final byte[] frame;
        final int copies;
        long dueNanos;

        Out(byte[] frame, int copies, long dueNanos) {
            this.frame = frame;
            this.copies = copies;
            this.dueNanos = dueNanos;
        }

        long bytes() {
            return (long) frame.length * copies;
        }
    }

    private final LinkProxy proxy;
    private final LinkProxy.Tally tally;
    private final Socket source;
    private final Socket target = new Socket();
    private final SplittableRandom random;
    private final String name;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long lastDueNanos = Long.MIN_VALUE;
    private Out held;
    private long heldUntilNanos;
    private boolean inputEnded;
    private boolean closed;

    ProxyConnection(LinkProxy proxy, Socket source, long seed, String name) {
        this.proxy = proxy;
        this.tally = proxy.tally();
        this.source = source;
        this.random = new SplittableRandom(seed);
        this.name = name;
    }

    void start() {
        thread(this::readSource, "-in").start();
    }

    private Thread thread(Runnable body, String suffix) {
        Thread t = new Thread(body, name + suffix);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------ source -> judge -> queue

    private void readSource() {
        try {
            source.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            if (proxy.dialFrom() != null) {
                target.bind(new InetSocketAddress(proxy.dialFrom(), 0));
            }
            target.connect(proxy.target(), LinkProxy.CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            if (!isClosed()) {
                tally.connectFailures.incrementAndGet();
            }
            closeNow();
            return;
        }
        if (isClosed()) { // closed while dialling
            closeNow();
            return;
        }
        thread(this::writeTarget, "-out").start();
        thread(this::relayBack, "-back").start();
        try {
            FrameCutter frames = new FrameCutter(source.getInputStream());
            for (byte[] frame = frames.next(); frame != null; frame = frames.next()) {
                tally.framesIn.incrementAndGet();
                judge(frame);
            }
            endInput(); // an orderly end: what was read still goes out, then the target is closed
        } catch (FrameCutter.BadHeader e) {
            tally.badHeaders.incrementAndGet();
            closeNow();
        } catch (IOException e) {
            // the stream ended inside a frame, was reset, or this connection was closed
            if (e instanceof java.io.EOFException) {
                endInput();
            } else {
                closeNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeNow();
        }
    }

    /**
     * Decides a frame's fate with four draws, always in this order and always all four (so the
     * decisions of later frames do not depend on which faults are on), and queues it.
     */
    private void judge(byte[] frame) throws InterruptedException {
        LinkProxy.Faults f = proxy.currentFaults();
        boolean lose = random.nextDouble() * 100 < f.lossPercent();
        boolean duplicate = random.nextDouble() * 100 < f.duplicatePercent();
        boolean reorder = random.nextDouble() * 100 < f.reorderPercent();
        double u = random.nextDouble();
        if (lose) {
            tally.framesDropped.incrementAndGet();
            return;
        }
        long delayMillis = f.delayMillisMin() + (long) (u * (f.delayMillisMax() - f.delayMillisMin() + 1));
        delayMillis = Math.min(delayMillis, f.delayMillisMax());
        if (delayMillis > 0) {
            tally.framesDelayed.incrementAndGet();
        }
        if (duplicate) {
            tally.framesDuplicated.incrementAndGet();
        }
        Out out = new Out(frame, duplicate ? 2 : 1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis));
        lock.lock();
        try {
            while (!closed && queuedBytes > 0 && queuedBytes + out.bytes() > QUEUED_BYTES_MAX) {
                changed.await();
            }
            if (closed) {
                return;
            }
            if (held == null && reorder) {
                held = out;
                out.dueNanos = Math.max(out.dueNanos, lastDueNanos);
                heldUntilNanos = out.dueNanos + TimeUnit.MILLISECONDS.toNanos(LinkProxy.REORDER_HOLD_MILLIS);
                queuedBytes += out.bytes();
            } else {
                enqueue(out);
                queuedBytes += out.bytes();
                if (held != null) { // the frame held back goes right behind this one
                    tally.framesReordered.incrementAndGet();
                    releaseHeld();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues behind everything queued, no earlier than the frame before it. Under the lock. */
    private void enqueue(Out out) {
        out.dueNanos = Math.max(out.dueNanos, lastDueNanos);
        lastDueNanos = out.dueNanos;
        queue.addLast(out);
    }

    /** Moves the frame held back to the end of the queue (its bytes are counted already). Under the lock. */
    private void releaseHeld() {
        Out h = held;
        held = null;
        enqueue(h);
    }

    private void endInput() {
        lock.lock();
        try {
            inputEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------ queue -> target

    private void writeTarget() {
        try {
            OutputStream out = target.getOutputStream();
            for (Out next = nextDue(); next != null; next = nextDue()) {
                for (int i = 0; i < next.copies; i++) {
                    out.write(next.frame);
                }
                out.flush();
                tally.framesOut.addAndGet(next.copies);
                tally.bytes.addAndGet(next.bytes());
            }
        } catch (IOException e) {
            // the target went away, or this connection was closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeNow(); // after an orderly end, once everything read went out
    }

    /** The next frame once it is due; null when closed, or when the input ended and all went out. */
    private Out nextDue() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                if (held != null && (inputEnded || now - heldUntilNanos >= 0)) {
                    releaseHeld(); // no next frame came in time: nothing is held for ever
                }
                Out head = queue.peekFirst();
                if (head != null && now - head.dueNanos >= 0) {
                    queue.removeFirst();
                    queuedBytes -= head.bytes();
                    changed.signalAll();
                    return head;
                }
                if (head == null && held == null && inputEnded) {
                    return null;
                }
                long wake = Long.MAX_VALUE;
                if (head != null) {
                    wake = head.dueNanos - now;
                }
                if (held != null) {
                    wake = Math.min(wake, heldUntilNanos - now);
                }
                if (wake == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(Math.max(wake, 1));
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------ target -> source, unchanged

    private void relayBack() {
        byte[] buf = new byte[BACK_BUFFER_BYTES];
        try {
            InputStream in = target.getInputStream();
            OutputStream out = source.getOutputStream();
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
                tally.bytesBack.addAndGet(n);
            }
        } catch (IOException e) {
            // either side went away, or this connection was closed
        }
        closeNow(); // the target closed (or failed): close the source too
    }

    // ------------------------------------------------------------ closing

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Closes both sockets and drops what waits; idempotent, from any thread. */
    void closeNow() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            held = null;
            queuedBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closeQuietly(source);
        closeQuietly(target);
        proxy.closed(this);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
