package io.ringworld.p4.rules;

/**
 * A read or written location: a dotted path ({@code hdr.ipv4.ttl}, {@code hdr.s[0].v}, a
 * header's validity {@code hdr.h.$valid}, a control variable {@code x}) and a bit range
 * (loBit..hiBit, or -1..-1 for the whole location). A path overlaps its extensions: a whole
 * header {@code hdr.h} overlaps {@code hdr.h.a}.
 */
record Access(String path, int loBit, int hiBit) {
  static Access whole(String path) {
    return new Access(path, -1, -1);
  }

  boolean overlaps(Access o) {
    if (path.equals(o.path)) {
      return loBit < 0 || o.loBit < 0 || (loBit <= o.hiBit && o.loBit <= hiBit);
    }
    return extendsPath(path, o.path) || extendsPath(o.path, path);
  }

  private static boolean extendsPath(String longer, String prefix) {
    return longer.startsWith(prefix) && longer.length() > prefix.length()
        && (longer.charAt(prefix.length()) == '.' || longer.charAt(prefix.length()) == '[');
  }

  static boolean anyOverlap(Iterable<Access> a, Iterable<Access> b) {
    for (Access x : a) {
      for (Access y : b) {
        if (x.overlaps(y)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return loBit < 0 ? path : path + "[" + hiBit + ":" + loBit + "]";
  }
}
