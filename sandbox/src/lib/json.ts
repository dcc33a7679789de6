/** A JSON value: what a free-form field (such as an order item's details) can hold and RPC can carry. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
