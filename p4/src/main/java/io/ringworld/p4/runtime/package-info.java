/**
 * Control-plane entities shaped like P4Runtime's: {@link io.ringworld.p4.runtime.TableEntry},
 * {@link io.ringworld.p4.runtime.RegisterEntry}, {@link
 * io.ringworld.p4.runtime.MulticastGroupEntry} and {@link io.ringworld.p4.runtime.CloneSessionEntry}.
 * Plain immutable data with no dependency on the front end or the interpreter; the pipeline
 * validates every request against the checked program and throws {@link
 * io.ringworld.p4.runtime.ControlPlaneException} rather than accept something it cannot apply
 * exactly. Priorities follow P4Runtime: a larger number wins.
 */
package io.ringworld.p4.runtime;
