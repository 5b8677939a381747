/**
 * The client library role ({@link io.ringworld.kernel.client.Client}). Contract: every operation
 * ends in exactly one {@code Effect.Outcome} with a precise {@link io.ringworld.kernel.Result}:
 * OK, FAILED only when the operation definitely did not take effect (Busy, junk-filled index), or
 * INDETERMINATE. An append is never resent (a timed-out append is INDETERMINATE); reads of
 * uncommitted indices and getTails are retried until their timeout.
 */
package io.ringworld.kernel.client;

import io.ringworld.kernel.Result;
