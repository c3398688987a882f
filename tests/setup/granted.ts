import { isRefusal, type Refusal } from "@/lib/authz";

/** A loader's data, or the test fails naming the refusal (lib/authz.ts said no where the test expects yes). */
export function granted<T>(x: T): Exclude<T, Refusal> {
  if (isRefusal(x)) throw new Error(`refused: ${x.reason}`);
  return x as Exclude<T, Refusal>;
}
