/**
 * A value as it arrives after JSON.stringify and JSON.parse: dates become ISO strings. The web
 * client reads the server's response types through this.
 */
export type Json<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
