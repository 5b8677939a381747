/**
 * The host conformance suite as a module: it requires the kernel and JUnit's API only, so it
 * compiles against what the kernel exports and nothing else.
 */
module io.ringworld.hostsuite {
    requires transitive io.ringworld.kernel;
    requires transitive org.junit.jupiter.api;
    exports io.ringworld.conformance.host;
    opens io.ringworld.conformance.host to org.junit.platform.commons;
}
