package io.ringworld.p4.v1model;

/** An assignable location (a variable, a field, a stack element, a slice). */
interface Ref {
  Object get();

  void set(Object value);
}
