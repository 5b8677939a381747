package io.ringworld.p4.v1model;

import io.ringworld.p4.lang.CheckedProgram;
import io.ringworld.p4.lang.CheckedProgram.RegisterInfo;
import io.ringworld.p4.lang.CheckedProgram.TableInfo;
import io.ringworld.p4.lang.Types.Field;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.CloneSessionEntry;
import io.ringworld.p4.runtime.ControlPlaneException;
import io.ringworld.p4.runtime.MulticastGroupEntry;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.Values.StructV;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A v1model switch running one checked program: {@link #process} takes a packet on a port and
 * returns the packets that leave (in the order they leave). Sequence per packet: parser (reject:
 * drop, counted), verify checksum, ingress, traffic manager (I2E clone to a session's port;
 * multicast replication with egress_rid when mcast_grp is not 0; else drop when egress_spec is 511;
 * else unicast to egress_spec), egress (E2E clone; drop when egress_spec is 511), compute checksum,
 * deparser (valid headers in order, then the unparsed payload); a recirculation request sends the
 * deparsed packet back to the parser with instance_type 4, at most passesMax times in a row. The
 * CPU port is an ordinary port; its packets are for the host's agent. Not thread-safe.
 *
 * <p>Spinning packets are parked. A recirculated packet whose pass wrote no register, cloned and
 * multicast nothing, and recirculates again with the same bytes and field list is spinning: on a
 * switch it would go round and round, changing nothing, until something it looks at changes. The
 * pipeline keeps it aside instead, with the registers it read and the tables it applied, and sends
 * it round again when one of those is written (by a packet or by the control plane); its passes
 * count from 0 again. A packet woken by a packet's write runs in that {@link #process} call; one
 * woken by the control plane runs at {@link #drain} or first thing in the next {@link #process}.
 * The packets that leave are those a switch would send, in an order it could send them; only the
 * time a spinning packet takes is not modelled.
 */
public final class Pipeline {
  public static final int DEFAULT_CPU_PORT = 510;
  public static final int DEFAULT_PASSES_MAX = 64;
  static final long NORMAL = 0;
  static final long CLONE_I2E = 1;
  static final long CLONE_E2E = 2;
  static final long RECIRCULATED = 4;
  static final long REPLICATED = 5;
  private static final int WORK_MAX = 4096;
  private final CheckedProgram program;
  private final int cpuPort;
  private final int passesMax;
  private final Map<String, TableState> tables = new LinkedHashMap<>();
  private final Map<String, long[]> registers = new LinkedHashMap<>();
  private final Map<Integer, List<MulticastGroupEntry.Replica>> groups = new HashMap<>();
  private final Map<Integer, Integer> sessions = new HashMap<>();
  private final Interpreter in;
  private long parserRejects;
  private long ingressDrops;
  private long egressDrops;
  private long recirculationDrops;
  private long unknownGroupOrSession;
  private long workLimitDrops;
  private long faults;
  private String lastFault = "";
  /** Parked packets by the register or table they wait on ("r:" or "t:" and its name). */
  private final Map<String, java.util.LinkedHashSet<Parked>> parkedOn = new HashMap<>();
  private int parkedCount;
  /** Packets woken outside {@link #process} (by the control plane), to run next. */
  private final Deque<Object> woken = new ArrayDeque<>();
  /** The work of the running {@link #process} or {@link #drain}, else null. */
  private Deque<Object> running;

  /**
   * An egress work item: the packet's variables and unparsed payload, and its recirculation
   * passes; for a recirculated packet, its pass's log and the ingress item it came in as.
   */
  private record Egress(StructV hdr, StructV meta, StructV std, byte[] payload, int passes, PassLog log, Ingress from) {
    Egress(StructV hdr, StructV meta, StructV std, byte[] payload, int passes) {
      this(hdr, meta, std, payload, passes, null, null);
    }
  }

  /** An ingress work item. */
  private record Ingress(byte[] bytes, int port, long instanceType, StructV preserveFrom, int fieldList, int passes) {}

  /** A spinning packet kept aside, and what it waits on. */
  private static final class Parked {
    final Ingress item;
    final List<String> keys;

    Parked(Ingress item, List<String> keys) {
      this.item = item;
      this.keys = keys;
    }
  }

  public Pipeline(CheckedProgram program, int cpuPort, int passesMax) {
    if (cpuPort < 0 || cpuPort >= Interpreter.DROP_PORT || passesMax < 0) {
      throw new IllegalArgumentException("cpuPort must be 0..510 and passesMax >= 0");
    }
    this.program = program;
    this.cpuPort = cpuPort;
    this.passesMax = passesMax;
    for (TableInfo t : program.tables().values()) {
      tables.put(t.name(), new TableState(t, program));
    }
    for (RegisterInfo r : program.registers().values()) {
      registers.put(r.name(), new long[r.sizeCells()]);
    }
    this.in = new Interpreter(program, tables, registers);
    in.onRegisterWrite = r -> wake("r:" + r);
  }

  public Pipeline(CheckedProgram program) {
    this(program, DEFAULT_CPU_PORT, DEFAULT_PASSES_MAX);
  }

  public CheckedProgram program() {
    return program;
  }

  public int cpuPort() {
    return cpuPort;
  }

  public int passesMax() {
    return passesMax;
  }

  /** Processes one packet arriving on {@code ingressPort} and returns the packets that leave. */
  public List<OutputPacket> process(int ingressPort, byte[] packet) {
    if (ingressPort < 0 || ingressPort >= Interpreter.DROP_PORT) {
      throw new IllegalArgumentException("ingress port " + ingressPort + " outside 0..510");
    }
    Deque<Object> work = new ArrayDeque<>(woken);
    woken.clear();
    work.add(new Ingress(packet.clone(), ingressPort, NORMAL, null, -1, 0));
    return run(work);
  }

  /**
   * Runs the parked packets the control plane woke (it wrote a register or changed a table one of
   * them looked at) and returns the packets that leave.
   */
  public List<OutputPacket> drain() {
    Deque<Object> work = new ArrayDeque<>(woken);
    woken.clear();
    return run(work);
  }

  /** Packets parked now, spinning until something they look at changes. */
  public int parkedPackets() {
    return parkedCount;
  }

  private List<OutputPacket> run(Deque<Object> work) {
    List<OutputPacket> out = new ArrayList<>();
    running = work;
    try {
      for (int done = 0; !work.isEmpty(); done++) {
        Object item = work.poll();
        if (done >= WORK_MAX) {
          workLimitDrops++;
          continue;
        }
        try {
          if (item instanceof Ingress i) {
            ingress(i, work);
          } else {
            egress((Egress) item, work, out);
          }
        } catch (PacketFault f) {
          faults++;
          lastFault = f.getMessage();
        } finally {
          in.log = null;
        }
      }
    } finally {
      running = null;
    }
    return out;
  }

  /** Keeps a spinning packet aside until a register it read or a table it applied changes. */
  private void park(Ingress item, PassLog log) {
    List<String> keys = new ArrayList<>();
    log.registersRead.forEach(r -> keys.add("r:" + r));
    log.tablesApplied.forEach(t -> keys.add("t:" + t));
    Parked p = new Parked(item, keys);
    for (String k : keys) {
      parkedOn.computeIfAbsent(k, x -> new java.util.LinkedHashSet<>()).add(p);
    }
    parkedCount++;
  }

  /** {@code key} changed: the packets parked on it go round again, in the order they parked. */
  private void wake(String key) {
    java.util.LinkedHashSet<Parked> waiting = parkedOn.remove(key);
    if (waiting == null) {
      return;
    }
    for (Parked p : waiting) {
      for (String k : p.keys) {
        java.util.LinkedHashSet<Parked> other = parkedOn.get(k);
        if (other != null) {
          other.remove(p);
          if (other.isEmpty()) {
            parkedOn.remove(k);
          }
        }
      }
      parkedCount--;
      (running != null ? running : woken).add(p.item);
    }
  }

  /** A recirculation that repeats its input exactly: the same bytes, port and preserved fields. */
  private static boolean repeats(Ingress from, Ingress next) {
    if (from.fieldList() != next.fieldList() || from.port() != next.port()
        || !java.util.Arrays.equals(from.bytes(), next.bytes())) {
      return false;
    }
    List<Field> fs = from.preserveFrom().type.fields();
    for (int k = 0; k < fs.size(); k++) {
      if (fs.get(k).fieldLists().contains(next.fieldList())) {
        Object a = from.preserveFrom().fields[k];
        Object b = next.preserveFrom().fields[k];
        if (!(a instanceof Long || a instanceof Boolean) || !a.equals(b)) {
          return false;
        }
      }
    }
    return true;
  }

  private StructV fresh(int port, long instanceType, int lengthBytes) {
    StructV std = (StructV) Values.zero(program.resolveStd());
    set(std, "ingress_port", port);
    set(std, "instance_type", instanceType);
    set(std, "packet_length", lengthBytes);
    return std;
  }

  private static void set(StructV s, String field, long v) {
    s.fields[s.type.indexOf(field)] = v;
  }

  private static long get(StructV s, String field) {
    return (Long) s.fields[s.type.indexOf(field)];
  }

  /** Copies the metadata fields in field list {@code fieldList} from {@code from} into {@code to}. */
  private static void preserve(StructV from, StructV to, int fieldList) {
    if (from == null || fieldList < 0) {
      return;
    }
    List<Field> fs = to.type.fields();
    for (int k = 0; k < fs.size(); k++) {
      if (fs.get(k).fieldLists().contains(fieldList)) {
        to.fields[k] = Values.copy(from.fields[k]);
      }
    }
  }

  /** Parses bytes into fresh variables; null when the parser rejects (counted). */
  private Egress parse(byte[] bytes, StructV std, StructV preserveFrom, int fieldList, int passes) {
    StructV hdr = (StructV) Values.zero(program.headersType());
    StructV meta = (StructV) Values.zero(program.metadataType());
    preserve(preserveFrom, meta, fieldList);
    in.pkt = new PacketState(bytes);
    if (!in.runParser(hdr, meta, std)) {
      parserRejects++;
      return null;
    }
    byte[] payload = java.util.Arrays.copyOfRange(bytes, in.pkt.cursorBits / 8, bytes.length);
    return new Egress(hdr, meta, std, payload, passes);
  }

  private void ingress(Ingress i, Deque<Object> work) {
    StructV std = fresh(i.port(), i.instanceType(), i.bytes().length);
    PassLog log = i.instanceType() == RECIRCULATED ? new PassLog() : null;
    Egress p = parse(i.bytes(), std, i.preserveFrom(), i.fieldList(), i.passes());
    if (p == null) {
      return;
    }
    in.log = log;
    in.runControl(program.verifyChecksum(), p.hdr(), p.meta());
    in.runControl(program.ingress(), p.hdr(), p.meta(), std);
    in.log = null;
    PacketState st = in.pkt;
    if (st.cloneType == 0) {
      cloneI2E(i, p, (int) st.cloneSession, st.cloneFieldList, work);
    }
    int group = (int) get(std, "mcast_grp");
    if (group != 0) {
      replicate(p, group, work);
    } else if (get(std, "egress_spec") == Interpreter.DROP_PORT) {
      ingressDrops++;
    } else {
      set(std, "egress_port", get(std, "egress_spec"));
      boolean mayRepeat = log != null && st.cloneType < 0;
      work.add(mayRepeat ? new Egress(p.hdr(), p.meta(), std, p.payload(), p.passes(), log, i) : p);
    }
  }

  private void cloneI2E(Ingress i, Egress p, int session, int fieldList, Deque<Object> work) {
    Integer port = sessions.get(session);
    if (port == null) {
      unknownGroupOrSession++;
      return;
    }
    StructV std = fresh(i.port(), CLONE_I2E, i.bytes().length);
    Egress c = parse(i.bytes(), std, p.meta(), fieldList, i.passes());
    if (c != null) {
      set(std, "egress_port", port);
      set(std, "egress_spec", port);
      work.add(c);
    }
  }

  private void replicate(Egress p, int group, Deque<Object> work) {
    List<MulticastGroupEntry.Replica> replicas = groups.get(group);
    if (replicas == null) {
      unknownGroupOrSession++;
      return;
    }
    for (MulticastGroupEntry.Replica r : replicas) {
      StructV std = (StructV) Values.copy(p.std());
      set(std, "egress_port", r.port());
      set(std, "egress_spec", r.port());
      set(std, "egress_rid", r.rid());
      set(std, "instance_type", REPLICATED);
      work.add(new Egress((StructV) Values.copy(p.hdr()), (StructV) Values.copy(p.meta()), std,
          p.payload(), p.passes()));
    }
  }

  private void egress(Egress p, Deque<Object> work, List<OutputPacket> out) {
    in.pkt = new PacketState(new byte[0]);
    in.pkt.inEgress = true;
    in.log = p.log();
    in.runControl(program.egress(), p.hdr(), p.meta(), p.std());
    in.log = null;
    PacketState st = in.pkt;
    if (st.cloneType == 1) {
      cloneE2E(p, (int) st.cloneSession, st.cloneFieldList, work);
    }
    if (get(p.std(), "egress_spec") == Interpreter.DROP_PORT) {
      egressDrops++;
      return;
    }
    in.runControl(program.computeChecksum(), p.hdr(), p.meta());
    in.runControl(program.deparser(), null, p.hdr());
    st.emitted.writeBytes(p.payload(), 0);
    byte[] bytes = st.emitted.toBytes();
    if (st.recirculateFieldList >= 0) {
      Ingress next = new Ingress(bytes, (int) get(p.std(), "ingress_port"), RECIRCULATED, p.meta(),
          st.recirculateFieldList, p.passes() + 1);
      if (p.log() != null && !p.log().changed && st.cloneType < 0 && repeats(p.from(), next)) {
        park(new Ingress(bytes, next.port(), RECIRCULATED, p.meta(), next.fieldList(), 0), p.log());
        return;
      }
      if (p.passes() >= passesMax) {
        recirculationDrops++;
        return;
      }
      work.add(next);
      return;
    }
    out.add(new OutputPacket((int) get(p.std(), "egress_port"), bytes));
  }

  private void cloneE2E(Egress p, int session, int fieldList, Deque<Object> work) {
    Integer port = sessions.get(session);
    if (port == null) {
      unknownGroupOrSession++;
      return;
    }
    StructV std = (StructV) Values.copy(p.std());
    set(std, "instance_type", CLONE_E2E);
    set(std, "egress_port", port);
    set(std, "egress_spec", port);
    StructV meta = (StructV) Values.zero(program.metadataType());
    preserve(p.meta(), meta, fieldList);
    work.add(new Egress((StructV) Values.copy(p.hdr()), meta, std, p.payload(), p.passes()));
  }

  // ---- control plane ----

  public void insert(TableEntry e) {
    table(e.table()).insert(e);
    wake("t:" + table(e.table()).info.name());
  }

  public void modify(TableEntry e) {
    table(e.table()).modify(e);
    wake("t:" + table(e.table()).info.name());
  }

  public void delete(TableEntry e) {
    table(e.table()).delete(e);
    wake("t:" + table(e.table()).info.name());
  }

  public void setDefaultAction(String table, ActionCall action) {
    table(table).setDefault(action);
    wake("t:" + table(table).info.name());
  }

  public List<TableEntry> entries(String table) {
    return table(table).entries();
  }

  /**
   * Deletes every entry of {@code table}, one by one as a P4Runtime client would (it has no
   * "clear" call: the agent reads the entries and deletes each).
   */
  public void clear(String table) {
    for (TableEntry e : entries(table)) {
      delete(e);
    }
  }

  private TableState table(String name) {
    return tables.get(program.table(name).name());
  }

  public RegisterEntry readRegister(String register, int index) {
    RegisterInfo r = program.register(register);
    checkIndex(r, index);
    return new RegisterEntry(r.name(), index, registers.get(r.name())[index]);
  }

  public void writeRegister(RegisterEntry e) {
    RegisterInfo r = program.register(e.register());
    checkIndex(r, e.index());
    if ((e.value() & ~Values.mask(r.cellWidthBits())) != 0) {
      throw new ControlPlaneException("value does not fit register " + r.name() + " cells of bit<" + r.cellWidthBits() + ">");
    }
    registers.get(r.name())[e.index()] = e.value();
    wake("r:" + r.name());
  }

  private static void checkIndex(RegisterInfo r, int index) {
    if (index < 0 || index >= r.sizeCells()) {
      throw new ControlPlaneException("register " + r.name() + " index " + index + " outside 0.." + (r.sizeCells() - 1));
    }
  }

  /** Creates or replaces a multicast group (id 1..65535). */
  public void writeMulticastGroup(MulticastGroupEntry g) {
    if (g.groupId() < 1 || g.groupId() > 0xffff) {
      throw new ControlPlaneException("multicast group id " + g.groupId() + " outside 1..65535");
    }
    for (MulticastGroupEntry.Replica r : g.replicas()) {
      if (r.port() < 0 || r.port() >= Interpreter.DROP_PORT || r.rid() < 0 || r.rid() > 0xffff) {
        throw new ControlPlaneException("replica " + r + " has a port outside 0..510 or a rid outside 16 bits");
      }
    }
    groups.put(g.groupId(), List.copyOf(g.replicas()));
  }

  /** Creates or replaces a clone session. */
  public void writeCloneSession(CloneSessionEntry s) {
    if (s.port() < 0 || s.port() >= Interpreter.DROP_PORT) {
      throw new ControlPlaneException("clone session port " + s.port() + " outside 0..510");
    }
    sessions.put(s.sessionId(), s.port());
  }

  public PipelineCounters counters() {
    return new PipelineCounters(parserRejects, ingressDrops, egressDrops, recirculationDrops,
        unknownGroupOrSession, workLimitDrops, faults, lastFault);
  }
}
