import type { DurableObject } from "cloudflare:workers";
import { currentTrace, type Trace } from "../lib/trace";
import type { BookingDO } from "./booking";
import type { CartDO } from "./cart";
import type { CustomerDO } from "./customer";
import type { SagaDO } from "./saga";

/**
 * Every Durable Object stub, typed once: its RPC methods as the class declares them. Workers'
 * generated stub types wrap each answer for transport (disposers, serialised forms), which the
 * discriminated outcomes these methods return do not need: they are plain data.
 */
type FunctionKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
export type Rpc<T> = Pick<T, Exclude<FunctionKeys<T>, keyof DurableObject>>;

type Namespace = { idFromName(name: string): DurableObjectId; get(id: DurableObjectId): unknown };
type Dispatcher = { traced(trace: Trace | undefined, method: string, args: unknown[]): Promise<unknown> };

/**
 * A stub whose every method call goes through TracedObject.traced with the current trace, so the
 * object's work continues the caller's trace (`then` is left alone: a stub is not a promise).
 */
function tracedStub<T>(stub: Dispatcher): Rpc<T> {
	return new Proxy(stub, {
		get(target, prop) {
			if (typeof prop !== "string" || prop === "then")
				return (target as unknown as Record<PropertyKey, unknown>)[prop];
			return (...args: unknown[]) => target.traced(currentTrace(), prop, args);
		},
	}) as unknown as Rpc<T>;
}

const stubOf = <T>(namespace: Namespace, name: string) =>
	tracedStub<T>(namespace.get(namespace.idFromName(name)) as Dispatcher);

export const bookingOf = (env: Env, bookingId: string) => stubOf<BookingDO>(env.BOOKING, bookingId);
export const sagaOf = (env: Env, bookingId: string) => stubOf<SagaDO>(env.SAGA, bookingId);
export const cartOf = (env: Env, cartId: string) => stubOf<CartDO>(env.CART, cartId);
export const customerOf = (env: Env, customerId: string) => stubOf<CustomerDO>(env.CUSTOMER, customerId);
