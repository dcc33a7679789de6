import { DurableObject } from "cloudflare:workers";
import { childOf, type Trace, withTrace } from "../lib/trace";

/** What a stub may not reach through `traced`: the runtime's own handlers and the dispatcher. */
const NOT_RPC = new Set<string>([
	"constructor",
	"traced",
	...Object.getOwnPropertyNames(DurableObject.prototype),
]);

/**
 * A Durable Object whose RPC methods run inside their caller's trace. Workers RPC carries no
 * context, so the stubs from stubs.ts call every method through `traced(trace, method, args)`,
 * which runs it in a span of the caller's trace: its logs and upstream calls carry the request's
 * ids, and what it stores for later (outbox entries, the saga plan) can resume in the same trace.
 */
export abstract class TracedObject<E = Env> extends DurableObject<E> {
	async traced(trace: Trace | undefined, method: string, args: unknown[]): Promise<unknown> {
		const fn = (this as unknown as Record<string, unknown>)[method];
		if (NOT_RPC.has(method) || typeof fn !== "function") throw new Error(`no RPC method ${method}`);
		return withTrace(trace ? childOf(trace) : undefined, () => fn.apply(this, args));
	}
}
