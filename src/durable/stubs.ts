import type { DurableObject } from "cloudflare:workers";
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
const stubOf = <T>(namespace: Namespace, name: string) => namespace.get(namespace.idFromName(name)) as Rpc<T>;

export const bookingOf = (env: Env, bookingId: string) => stubOf<BookingDO>(env.BOOKING, bookingId);
export const sagaOf = (env: Env, bookingId: string) => stubOf<SagaDO>(env.SAGA, bookingId);
export const cartOf = (env: Env, cartId: string) => stubOf<CartDO>(env.CART, cartId);
export const customerOf = (env: Env, customerId: string) => stubOf<CustomerDO>(env.CUSTOMER, customerId);
