/**
 * Fault-injection campaigns: many seeds of the deterministic simulator, run in parallel on host
 * threads, summarised in seed order. A campaign's verdict depends only on its seeds and config.
 */
package io.ringworld.runtime.campaign;
