package io.ringworld.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 6 part 3: which kernel handlers and branches the spec-generated behaviours reached.
 * Runs in the surefire execution {@code coverage-report} (phase verify), after JaCoCo's
 * report-aggregate wrote target/jacoco-replay/jacoco.xml from target/jacoco-replay.exec (the
 * data SpecReplayTest recorded during its replay only). Prints the branch coverage of every
 * {@code on*} handler of the kernel's sw, server and client packages, and the same without the
 * branches on lines that test a planted bug ({@link #plantedLines}: a checker's planted bug is
 * not a protocol branch; the planted-bug tests reach those). The ratchet and the issue's 90%
 * apply to the protocol branches. In the default test run the report does not exist yet, and
 * this class is skipped (assumption).
 */
class ReplayCoverageReport {
    static final Set<String> PACKAGES = Set.of("io/ringworld/kernel/sw", "io/ringworld/kernel/server",
            "io/ringworld/kernel/client");
    /**
     * Issue 6's bar was 90% of the protocol handlers' branches (measured 90.5% when it was set). A
     * change that loses spec-driven coverage below it fails. Issue 19 added the relearn and repair
     * handlers (about 150 branches); the disk replay model reaches most of them but not their
     * refusals of stray or late answers (a repair reply TRIMMED or from a stranger, a relearn
     * reply of an old round: 27 branches, covered by LogServerDiskTest), so the measure went to
     * 88.6% (682/770): the floor is 88% until the replay's stutter steps send those copies too.
     */
    static final double FLOOR_PERCENT = 88.0;
    /**
     * Issue 19, item 3: with the pre-vote and AdmitSwitch replayed (RingWorld_replay_join.cfg) the
     * pre-vote's handlers and AdmitSwitch's lines count (before, they were left out: 110
     * branches; the replay reaches 93 of them; the measure went from 88.3%, 706/800, to
     * 88.3%, 795/900, and of every branch from 75.8% to 84.5%). Left out, with no spec step to
     * reach them: the fallback view change of a joiner the first member never admits (the
     * member after it starts one once it heard the switch ask for 4 x viewChangeTimeoutTicks;
     * the spec's AdmitSwitch is strongly fair and the spec has no such step). AdmitSwitchTest
     * and the simulator's campaigns reach them. Issue 21: a log server that finds damage when it
     * reads back a payload it keeps on disk only (a write of the same view, a seal reply's page)
     * stops there, relearning; the replay keeps every payload in the heap and maps the spec's
     * ServerCorrupt to a recovery, so no replayed step reads damage back (LogServerHeapWindowTest
     * reaches those lines). Issue 21, merged messages (wire version 7): a switch or server
     * unpacks a merged message and handles each member as if it came alone; the specs have no
     * merged step (a merged message is its members, each a spec message), so the replay delivers
     * members one by one and never a merged message (the trace validation, the simulator's
     * campaigns and MergedMessagesTest reach the unpacking lines). Wire version 8 adds a client's
     * unpacking of AppendReplies, left out for the same reason.
     */
    private static final java.util.regex.Pattern NO_SPEC_STEP_LINE = java.util.regex.Pattern.compile(
            "joinAskingSinceTick\\[k\\] < 0 \\|\\||s\\.now - joinAskingSinceTick\\[k\\] >= backoff"
            + "|if \\(page == null\\) \\{|if \\(old == null && relearning\\) \\{"
            + "|if \\(m instanceof Message\\.Merged merged\\) \\{|for \\(Message member : merged\\.members\\(\\)\\) \\{"
            + "|if \\(m instanceof Message\\.AppendReplies replies\\) \\{"
            + "|for \\(Message\\.AppendReply r : replies\\.members\\(\\)\\) \\{");
    /** Handlers every replay must reach (normal case and view change). */
    static final Set<String> CORE = Set.of("Switch.onToken", "Replication.onAssign", "Replication.onWriteAck",
            "ViewChange.onSeal", "ViewChange.onSealReply", "ViewChange.onInstall", "LogServer.onWrite",
            "LogServer.onSeal");

    @Test
    void handlerBranchCoverageOfTheSpecReplay() throws Exception {
        String xml = System.getProperty("replay.coverage.xml");
        Assumptions.assumeTrue(xml != null && Files.exists(Paths.get(xml)),
                "runs in the coverage-report execution (phase verify), after the JaCoCo report");
        Path sources = Paths.get(System.getProperty("replay.kernel.sources", "../kernel/src/main/java"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(Paths.get(xml).toFile());
        long[] all = new long[2];
        long[] protocol = new long[2];
        List<String> lines = new ArrayList<>();
        Set<String> reachedCore = new TreeSet<>();
        NodeList pkgs = doc.getElementsByTagName("package");
        for (int p = 0; p < pkgs.getLength(); p++) {
            Element pkg = (Element) pkgs.item(p);
            if (PACKAGES.contains(pkg.getAttribute("name"))) {
                handlers(pkg, sources, all, protocol, lines, reachedCore);
            }
        }
        System.out.println("kernel handler coverage from spec-generated behaviours (report " + xml + "):");
        lines.forEach(System.out::println);
        System.out.printf("kernel on* handler branch coverage from spec replay: %d/%d = %.1f%% of every branch;%n",
                all[0], all[0] + all[1], percent(all));
        System.out.printf("  %d branches on lines that test a planted bug or no spec step reaches left out: %d/%d = %.1f%% of the protocol"
                + " handlers' branches%n", all[0] + all[1] - protocol[0] - protocol[1], protocol[0],
                protocol[0] + protocol[1], percent(protocol));
        assertTrue(all[0] + all[1] > 0, "no on* handler of the kernel in " + xml);
        assertTrue(percent(protocol) >= FLOOR_PERCENT, String.format("handler branch coverage of the spec replay fell to"
                + " %.1f%%, below the ratchet %.1f%% (raise the ratchet when coverage rises; the issue's target is 90%%)",
                percent(protocol), FLOOR_PERCENT));
        for (String h : CORE) {
            assertTrue(reachedCore.contains(h), "the spec replay never reached the kernel handler " + h);
        }
    }

    private static double percent(long[] coveredMissed) {
        long total = coveredMissed[0] + coveredMissed[1];
        return total == 0 ? 0.0 : 100.0 * coveredMissed[0] / total;
    }

    /**
     * Adds the branch counts of every on* method of the package's classes to all, and those not
     * on a planted-bug line (see {@link #plantedLines}) to protocol; one report line per method.
     */
    private static void handlers(Element pkg, Path sources, long[] all, long[] protocol, List<String> lines,
            Set<String> reachedCore) throws java.io.IOException {
        Map<String, Map<Integer, long[]>> branchesByFile = new HashMap<>();
        NodeList files = pkg.getElementsByTagName("sourcefile");
        for (int k = 0; k < files.getLength(); k++) {
            Element sf = (Element) files.item(k);
            Map<Integer, long[]> byLine = new HashMap<>();
            NodeList ls = sf.getElementsByTagName("line");
            for (int j = 0; j < ls.getLength(); j++) {
                Element l = (Element) ls.item(j);
                byLine.put(Integer.parseInt(l.getAttribute("nr")),
                        new long[] {Long.parseLong(l.getAttribute("cb")), Long.parseLong(l.getAttribute("mb"))});
            }
            branchesByFile.put(sf.getAttribute("name"), byLine);
        }
        NodeList classes = pkg.getElementsByTagName("class");
        for (int c = 0; c < classes.getLength(); c++) {
            Element cls = (Element) classes.item(c);
            String file = cls.getAttribute("sourcefilename");
            Set<Integer> planted = plantedLines(sources.resolve(pkg.getAttribute("name")).resolve(file));
            Map<Integer, long[]> byLine = branchesByFile.getOrDefault(file, Map.of());
            String cn = cls.getAttribute("name").substring(cls.getAttribute("name").lastIndexOf('/') + 1);
            NodeList methods = cls.getElementsByTagName("method");
            List<Integer> starts = new ArrayList<>();
            for (int m = 0; m < methods.getLength(); m++) {
                starts.add(Integer.parseInt(((Element) methods.item(m)).getAttribute("line").isEmpty() ? "0"
                        : ((Element) methods.item(m)).getAttribute("line")));
            }
            List<Integer> sorted = new ArrayList<>(starts);
            java.util.Collections.sort(sorted);
            for (int m = 0; m < methods.getLength(); m++) {
                Element me = (Element) methods.item(m);
                if (!me.getAttribute("name").startsWith("on")) {
                    continue;
                }
                long[] br = counter(me, "BRANCH");
                long[] ins = counter(me, "INSTRUCTION");
                if (ins[0] > 0) {
                    reachedCore.add(cn + "." + me.getAttribute("name"));
                }
                int from = starts.get(m);
                int next = sorted.indexOf(from) + 1;
                int to = next < sorted.size() ? sorted.get(next) : Integer.MAX_VALUE;
                long[] left = {0, 0};
                for (Map.Entry<Integer, long[]> e : byLine.entrySet()) {
                    if (e.getKey() >= from && e.getKey() < to && planted.contains(e.getKey())) {
                        left[0] += e.getValue()[0];
                        left[1] += e.getValue()[1];
                    }
                }
                all[0] += br[0];
                all[1] += br[1];
                protocol[0] += br[0] - left[0];
                protocol[1] += br[1] - left[1];
                long pc = br[0] - left[0];
                long pm = br[1] - left[1];
                lines.add(String.format("  %-40s branches %3d/%3d%s%s", cn + "." + me.getAttribute("name"), pc, pc + pm,
                        ins[0] == 0 ? "  NOT REACHED" : pm > 0 ? "  (missed " + pm + ")" : "",
                        left[0] + left[1] == 0 ? "" : "  [+" + (left[0] + left[1]) + " left out: planted-bug lines, no spec step]"));
            }
        }
    }

    /**
     * The lines of a kernel source file that test a planted bug: they call
     * {@code hooks.planted(PlantedBug.X)}, or use a local boolean set from it (e.g.
     * {@code boolean noWait = s.hooks.planted(PlantedBug.TAIL_WITHOUT_COMMIT)}). Their
     * branches belong to the checkers' planted bugs, not to the protocol.
     */
    /** How kernel code tests a planted bug (TestHooks.planted), as a regular expression. */
    private static final String PLANTED_CALL = "\\bplanted\\(PlantedBug\\.";

    /** The planted-bug lines and those no spec step reaches ({@link #NO_SPEC_STEP_LINE}): left out of the protocol measure. */
    static Set<Integer> plantedLines(Path source) throws java.io.IOException {
        List<String> text = Files.readAllLines(source);
        Set<String> flags = new TreeSet<>();
        java.util.regex.Pattern assign = java.util.regex.Pattern.compile("boolean (\\w+) = .*" + PLANTED_CALL + ".*");
        for (String l : text) {
            java.util.regex.Matcher m = assign.matcher(l.trim());
            if (m.matches()) {
                flags.add(m.group(1));
            }
        }
        Set<Integer> out = new TreeSet<>();
        for (int i = 0; i < text.size(); i++) {
            String l = text.get(i);
            boolean planted = l.matches(".*" + PLANTED_CALL + ".*");
            for (String flag : flags) {
                planted |= java.util.regex.Pattern.compile("\\b" + flag + "\\b").matcher(l).find();
            }
            if (planted || NO_SPEC_STEP_LINE.matcher(l).find()) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** {covered, missed} of the method's counter of that type (0, 0 if JaCoCo omitted it). */
    private static long[] counter(Element method, String type) {
        NodeList cs = method.getElementsByTagName("counter");
        for (int k = 0; k < cs.getLength(); k++) {
            Element e = (Element) cs.item(k);
            if (e.getAttribute("type").equals(type)) {
                return new long[] {Long.parseLong(e.getAttribute("covered")), Long.parseLong(e.getAttribute("missed"))};
            }
        }
        return new long[] {0, 0};
    }

}
