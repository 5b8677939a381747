package io.ringworld.kernel.wire;

import io.ringworld.kernel.ClientId;
import io.ringworld.kernel.Payload;
import io.ringworld.kernel.ServerId;
import io.ringworld.kernel.SwitchId;
import io.ringworld.kernel.View;
import io.ringworld.kernel.message.Message;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the cost per message of the wire codec, MAC included, and the same decode with the MAC
 * (and payload tags) off as the baseline in the same run. Run with
 * {@code mvn -B -pl kernel -Pjmh test-compile exec:exec}; figures in the README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBench {
    static final SwitchId S0 = new SwitchId(0);
    static final SwitchId S1 = new SwitchId(1);
    static final ServerId R01 = new ServerId(0, 1);
    static final View V = new View(3, 1);

    WireEncoder encoder;
    WireDecoder decoder;
    WireDecoder decoderNoMac;
    Message.Token token;
    Message.Write write1k;
    byte[] tokenFrame;
    byte[] write1kFrame;
    byte[] kilobyte;

    @Setup
    public void setup() {
        encoder = new WireEncoder(WireSamples.member(), WireLimits.DEFAULT);
        decoder = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.ALL);
        decoderNoMac = new WireDecoder(WireSamples.member(), WireLimits.DEFAULT, WireDecoder.PayloadCheck.NONE);
        decoderNoMac.verifyMac = false;
        kilobyte = new byte[1024];
        new Random(1).nextBytes(kilobyte);
        token = new Message.Token(V, 1_000_042, 1_000_040, 1_000_041, 17, S0, 5, 3);
        Payload sealed = SealedPayload.seal(WireSamples.clientKey(2), 2, kilobyte);
        write1k = new Message.Write(V, 1_000_042, sealed, S0);
        tokenFrame = encoder.encode(S0, S1, token);
        write1kFrame = encoder.encode(S0, R01, write1k);
    }

    @Benchmark
    public byte[] encodeToken() {
        return encoder.encode(S0, S1, token);
    }

    @Benchmark
    public Decoded decodeToken() {
        return decoder.decode(tokenFrame);
    }

    @Benchmark
    public Decoded decodeTokenNoMac() {
        return decoderNoMac.decode(tokenFrame);
    }

    @Benchmark
    public byte[] encodeWrite1KiB() {
        return encoder.encode(S0, R01, write1k);
    }

    /** MAC and the sealed payload's end-to-end tag: what a log server pays per write. */
    @Benchmark
    public Decoded decodeWrite1KiB() {
        return decoder.decode(write1kFrame);
    }

    @Benchmark
    public Decoded decodeWrite1KiBNoMac() {
        return decoderNoMac.decode(write1kFrame);
    }

    /** What a client pays to seal 1 KiB. */
    @Benchmark
    public Payload seal1KiB() {
        return SealedPayload.seal(WireSamples.clientKey(2), 2, kilobyte);
    }

    @Benchmark
    public int halfSipHash1KiB() {
        return WireSamples.CLUSTER_KEY.mac(kilobyte, 0, kilobyte.length);
    }

    @Benchmark
    public int halfSipHashTokenHeaderAndBody() {
        return WireSamples.CLUSTER_KEY.mac(tokenFrame, 0, tokenFrame.length - WireFormat.MAC_BYTES);
    }
}
