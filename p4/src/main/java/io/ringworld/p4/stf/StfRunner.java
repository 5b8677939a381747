package io.ringworld.p4.stf;

import io.ringworld.p4.lang.CheckedProgram.KeyInfo;
import io.ringworld.p4.lang.CheckedProgram.TableInfo;
import io.ringworld.p4.runtime.ActionCall;
import io.ringworld.p4.runtime.CloneSessionEntry;
import io.ringworld.p4.runtime.FieldMatch;
import io.ringworld.p4.runtime.MulticastGroupEntry;
import io.ringworld.p4.runtime.RegisterEntry;
import io.ringworld.p4.runtime.TableEntry;
import io.ringworld.p4.v1model.OutputPacket;
import io.ringworld.p4.v1model.Pipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs an STF script (the format p4c's bmv2 test driver reads) against a {@link Pipeline}.
 *
 * <p>Commands: {@code add <table> [<priority>] <key>:<value>... <action>(<param>:<value>,...)};
 * {@code setdefault <table> <action>(...)}; {@code packet <port> <hex>}; {@code expect <port>
 * <hex>} where {@code *} is a wildcard nibble and a final {@code $} requires the exact length
 * (without it, extra received bytes are ignored); {@code mc_mgrp_create <group>}, {@code
 * mc_node_create <rid> <port>...} (handles count from 0), {@code mc_node_associate <group>
 * <handle>}; {@code mirroring_add <session> <port>}; {@code register_write <reg> <index>
 * <value>}; {@code wait} (no-op); {@code #} comments. After each command, packets waiting round
 * the recirculation loop that the command woke run (a register or table they look at changed),
 * and what they send is received then. Key values: a number (decimal or 0x hex,
 * hex may use {@code *} nibbles on ternary keys), {@code value&&&mask}, {@code value/prefix}.
 *
 * <p>Priorities: STF follows bmv2, where a smaller number wins; the runner maps it to
 * P4Runtime's larger-wins convention as {@code 1_000_000 - stfPriority}. A ternary table's entry
 * needs a priority. Expected packets on each port are compared in order with the packets
 * received there; anything left over on either side is a failure.
 */
public final class StfRunner {
  private static final int PRIORITY_BASE = 1_000_000;
  private final Pipeline pipeline;
  private final Map<Integer, Deque<String>> expected = new TreeMap<>();
  private final Map<Integer, List<OutputPacket>> received = new TreeMap<>();
  private final Map<Integer, List<MulticastGroupEntry.Replica>> groups = new HashMap<>();
  private final List<List<MulticastGroupEntry.Replica>> nodes = new ArrayList<>();
  private int sent;

  private StfRunner(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Runs {@code script}; a malformed line or a rejected control-plane request throws. */
  public static StfResult run(Pipeline pipeline, String script) {
    StfRunner r = new StfRunner(pipeline);
    String[] lines = script.split("\n", -1);
    for (int k = 0; k < lines.length; k++) {
      String line = lines[k].strip();
      int hash = line.indexOf('#');
      line = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        r.command(line);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("stf line " + (k + 1) + ": " + e.getMessage(), e);
      }
    }
    return r.compare();
  }

  private void command(String line) {
    String[] w = line.split("\\s+", 2);
    String rest = w.length > 1 ? w[1].strip() : "";
    switch (w[0]) {
      case "add" -> pipeline.insert(entry(rest));
      case "setdefault" -> {
        String[] parts = rest.split("\\s+", 2);
        pipeline.setDefaultAction(parts[0], action(parts[1]));
      }
      case "packet" -> packet(rest);
      case "expect" -> {
        String[] parts = rest.split("\\s+", 2);
        String hex = parts.length > 1 ? parts[1].replaceAll("\\s+", "") : "";
        expected.computeIfAbsent(Integer.parseInt(parts[0]), p -> new ArrayDeque<>()).add(hex.toLowerCase());
      }
      case "mc_mgrp_create" -> groups.put(Integer.parseInt(rest), new ArrayList<>());
      case "mc_node_create" -> mcNode(rest);
      case "mc_node_associate" -> mcAssociate(rest);
      case "mirroring_add" -> {
        String[] parts = rest.split("\\s+");
        pipeline.writeCloneSession(new CloneSessionEntry(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
      }
      case "register_write" -> {
        String[] parts = rest.split("\\s+");
        pipeline.writeRegister(new RegisterEntry(parts[0], Integer.parseInt(parts[1]), number(parts[2])));
      }
      case "wait" -> { }
      default -> throw new IllegalArgumentException("unknown STF command '" + w[0] + "'");
    }
    // Packets spinning round the recirculation loop see a control-plane write at once, as on a
    // switch (the pipeline parks them until then): what they send now is received now.
    for (OutputPacket p : pipeline.drain()) {
      received.computeIfAbsent(p.port(), q -> new ArrayList<>()).add(p);
    }
  }

  private void packet(String rest) {
    String[] parts = rest.split("\\s+", 2);
    String hex = parts.length > 1 ? parts[1].replaceAll("\\s+", "") : "";
    int port = Integer.parseInt(parts[0]);
    sent++;
    for (OutputPacket p : pipeline.process(port, HexFormat.of().parseHex(hex))) {
      received.computeIfAbsent(p.port(), q -> new ArrayList<>()).add(p);
    }
  }

  private void mcNode(String rest) {
    String[] parts = rest.split("\\s+");
    int rid = Integer.parseInt(parts[0]);
    List<MulticastGroupEntry.Replica> rs = new ArrayList<>();
    for (int k = 1; k < parts.length; k++) {
      rs.add(new MulticastGroupEntry.Replica(Integer.parseInt(parts[k]), rid));
    }
    nodes.add(rs);
  }

  private void mcAssociate(String rest) {
    String[] parts = rest.split("\\s+");
    int group = Integer.parseInt(parts[0]);
    List<MulticastGroupEntry.Replica> g = groups.get(group);
    if (g == null) {
      throw new IllegalArgumentException("multicast group " + group + " was not created");
    }
    g.addAll(nodes.get(Integer.parseInt(parts[1])));
    pipeline.writeMulticastGroup(new MulticastGroupEntry(group, g));
  }

  private TableEntry entry(String rest) {
    int paren = rest.indexOf('(');
    String head = paren < 0 ? rest : rest.substring(0, paren);
    String[] w = head.strip().split("\\s+");
    String actionName = w[w.length - 1];
    String table = w[0];
    TableInfo info = pipeline.program().table(table);
    int priority = 0;
    int first = 1;
    if (w.length > 2 && !w[1].contains(":")) {
      priority = PRIORITY_BASE - Integer.parseInt(w[1]);
      first = 2;
    }
    if (info.hasTernary() && priority == 0) {
      throw new IllegalArgumentException("table " + table + " has a ternary key: the entry needs a priority");
    }
    List<FieldMatch> ms = new ArrayList<>();
    for (int k = first; k < w.length - 1; k++) {
      int colon = w[k].indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("key match '" + w[k] + "' is not name:value");
      }
      ms.add(match(info, w[k].substring(0, colon), w[k].substring(colon + 1)));
    }
    String actionText = actionName + (paren < 0 ? "" : rest.substring(paren));
    return new TableEntry(table, ms, priority, action(actionText));
  }

  private static FieldMatch match(TableInfo info, String field, String v) {
    KeyInfo key = info.keys().stream().filter(k -> k.name().equals(field)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + info.name() + " has no key " + field));
    switch (key.matchKind()) {
      case "exact":
        return new FieldMatch.Exact(field, number(v));
      case "lpm": {
        int slash = v.indexOf('/');
        return slash < 0 ? new FieldMatch.Lpm(field, number(v), key.widthBits())
            : new FieldMatch.Lpm(field, number(v.substring(0, slash)), Integer.parseInt(v.substring(slash + 1)));
      }
      default: {
        int amp = v.indexOf("&&&");
        if (amp >= 0) {
          long mask = number(v.substring(amp + 3));
          return new FieldMatch.Ternary(field, number(v.substring(0, amp)) & mask, mask);
        }
        if (v.contains("*")) {
          String lower = v.toLowerCase().replaceFirst("^0x", "");
          long value = Long.parseUnsignedLong(lower.replace('*', '0'), 16);
          long mask = Long.parseUnsignedLong(lower.replaceAll("[0-9a-f]", "f").replace('*', '0'), 16);
          return new FieldMatch.Ternary(field, value, mask & ((key.widthBits() == 64) ? -1L : (1L << key.widthBits()) - 1));
        }
        long all = key.widthBits() == 64 ? -1L : (1L << key.widthBits()) - 1;
        return new FieldMatch.Ternary(field, number(v), all);
      }
    }
  }

  private static ActionCall action(String text) {
    String t = text.strip();
    int paren = t.indexOf('(');
    if (paren < 0) {
      return new ActionCall(t, List.of());
    }
    if (!t.endsWith(")")) {
      throw new IllegalArgumentException("action '" + t + "' lacks ')'");
    }
    List<ActionCall.Param> params = new ArrayList<>();
    String inner = t.substring(paren + 1, t.length() - 1).strip();
    if (!inner.isEmpty()) {
      for (String p : inner.split(",")) {
        String[] kv = p.strip().split(":");
        if (kv.length != 2) {
          throw new IllegalArgumentException("action parameter '" + p + "' is not name:value");
        }
        params.add(new ActionCall.Param(kv[0].strip(), number(kv[1].strip())));
      }
    }
    return new ActionCall(t.substring(0, paren).strip(), params);
  }

  static long number(String s) {
    String t = s.strip().toLowerCase();
    return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16)
        : t.startsWith("0b") ? Long.parseUnsignedLong(t.substring(2), 2) : Long.parseUnsignedLong(t);
  }

  private StfResult compare() {
    List<String> failures = new ArrayList<>();
    int matched = 0;
    for (Map.Entry<Integer, Deque<String>> e : expected.entrySet()) {
      List<OutputPacket> got = received.getOrDefault(e.getKey(), List.of());
      int k = 0;
      for (String want : e.getValue()) {
        if (k >= got.size()) {
          failures.add("port " + e.getKey() + ": expected packet " + want + " but no packet came out");
          continue;
        }
        String have = HexFormat.of().formatHex(got.get(k).bytes());
        if (matches(want, have)) {
          matched++;
        } else {
          failures.add("port " + e.getKey() + " packet " + (k + 1) + ": expected " + want + " but got " + have);
        }
        k++;
      }
      for (; k < got.size(); k++) {
        failures.add("port " + e.getKey() + ": unexpected packet " + got.get(k));
      }
    }
    for (Map.Entry<Integer, List<OutputPacket>> e : received.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        for (OutputPacket p : e.getValue()) {
          failures.add("port " + e.getKey() + ": unexpected packet " + p);
        }
      }
    }
    return new StfResult(failures, sent, matched);
  }

  /** Nibble-wise comparison with '*' wildcards; a trailing '$' demands the exact length. */
  static boolean matches(String want, String have) {
    boolean exact = want.endsWith("$");
    String w = exact ? want.substring(0, want.length() - 1) : want;
    if (have.length() < w.length() || (exact && have.length() != w.length())) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      if (w.charAt(k) != '*' && w.charAt(k) != have.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
