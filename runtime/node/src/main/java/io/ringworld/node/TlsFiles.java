package io.ringworld.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS files for a cluster on one machine: one self-signed certificate (EC P-256, valid 825 days)
 * naming every address of the cluster as a subject alternative name, its PKCS#8 private key, and
 * the same certificate as the file clients trust. Made with the JDK's {@code keytool} (the JDK has
 * no public API to sign a certificate) and converted to PEM here. For a deployment beyond one
 * machine, use certificates from your own authority; the cluster file only names the files.
 */
public final class TlsFiles {
    public static final String CERT = "node.crt";
    public static final String KEY = "node.key";
    public static final String TRUST = "trust.crt";

    private TlsFiles() {
    }

    /** Writes {@link #CERT}, {@link #KEY} and {@link #TRUST} into {@code dir} for the hosts (IP literals or names) given. */
    public static void writeSelfSigned(Path dir, Collection<String> hosts) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("keytool.p12");
        Files.deleteIfExists(store);
        char[] password = "ringworld-local".toCharArray();
        List<String> san = new ArrayList<>();
        for (String h : hosts) {
            san.add((h.matches("[0-9.]+") || h.contains(":") ? "ip:" : "dns:") + h);
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "ringworld", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=RingWorld local cluster", "-ext", "SAN=" + String.join(",", san), "-validity", "825",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(password),
                "-keypass", new String(password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not make a certificate: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made a certificate", e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Key key = ks.getKey("ringworld", password);
            Certificate cert = ks.getCertificate("ringworld");
            String certPem = pem("CERTIFICATE", cert.getEncoded());
            Files.writeString(dir.resolve(CERT), certPem, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(TRUST), certPem, StandardCharsets.US_ASCII);
            Path keyFile = dir.resolve(KEY);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the key keeps the file system's default permissions
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("reading keytool's key store: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
    }

    /** The cluster file's {@code tls} section for files written by {@link #writeSelfSigned} into {@code folder} (relative to the cluster file). */
    public static String yamlSection(String folder) {
        return "tls:\n  certFile: " + folder + "/" + CERT + "\n  keyFile: " + folder + "/" + KEY + "\n  trustFile: " + folder
                + "/" + TRUST + "\n  clients: required\n";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
