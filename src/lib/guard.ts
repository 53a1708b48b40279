/**
 * A very small schema kit for the browser, with zod's `parse`/`safeParse`
 * shape: zod itself (≈ 40 KB gzip, zod/mini ≈ 8 KB) does not fit the page's
 * JavaScript budget. Guards check untrusted data (API answers, Pusher
 * events, form input) and return it typed; the server keeps its zod schemas
 * (schemas.ts), and client-schemas.test.ts holds both to the same verdicts.
 */

export interface Issue {
  path: PropertyKey[];
  message: string;
}

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

export interface Guard<T> {
  parse(value: unknown): T;
  safeParse(value: unknown): SafeParseResult<T>;
  /** Used by object() and array(): checks `value`, or throws Invalid. */
  readonly check: (value: unknown) => T;
  readonly optional?: boolean;
}

export type Infer<G> = G extends Guard<infer T> ? T : never;

/** Thrown by a guard's check (and by parse): every issue found. */
export class Invalid extends Error {
  override name = "Invalid";
  constructor(readonly issues: Issue[]) {
    super(issues[0]?.message ?? "Invalid input.");
  }
}

/** Makes a guard from a check that throws Invalid (or calls fail). */
export function guard<T>(check: (value: unknown) => T, optional?: boolean): Guard<T> {
  return {
    check,
    optional,
    parse: (value) => check(value),
    safeParse(value) {
      try {
        return { success: true, data: check(value) };
      } catch (error) {
        if (error instanceof Invalid) return { success: false, error: { issues: error.issues } };
        throw error;
      }
    },
  };
}

export function fail(message: string): never {
  throw new Invalid([{ path: [], message }]);
}

interface StringRules {
  trim?: boolean;
  /** Minimum and maximum in code points (what a person counts), after trimming. */
  min?: [number, string];
  max?: [number, string];
  pattern?: [RegExp, string];
  forbid?: [RegExp, string];
  type?: string;
}

export function string(rules: StringRules = {}): Guard<string> {
  return guard((value) => {
    if (typeof value !== "string") fail(rules.type ?? "Expected text.");
    const text = rules.trim ? value.trim() : value;
    const length = [...text].length;
    if (rules.min && length < rules.min[0]) fail(rules.min[1]);
    if (rules.max && length > rules.max[0]) fail(rules.max[1]);
    if (rules.pattern && !rules.pattern[0].test(text)) fail(rules.pattern[1]);
    if (rules.forbid && rules.forbid[0].test(text)) fail(rules.forbid[1]);
    return text;
  });
}

export function number(rules: { int?: boolean; min?: number; max?: number } = {}): Guard<number> {
  return guard((value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) fail("Expected a number.");
    if (rules.int && !Number.isInteger(value)) fail("Expected a whole number.");
    if (rules.min !== undefined && value < rules.min) fail(`Expected at least ${rules.min}.`);
    if (rules.max !== undefined && value > rules.max) fail(`Expected at most ${rules.max}.`);
    return value;
  });
}

export const int = (rules: { min?: number; max?: number } = {}) => number({ ...rules, int: true });

export const boolean = guard((value) => (typeof value === "boolean" ? value : fail("Expected true or false.")));

export const unknown = guard((value) => value);

export function oneOf<const T extends readonly (string | number | boolean)[]>(values: T, message?: string): Guard<T[number]> {
  return guard((value) => (values.includes(value as T[number]) ? (value as T[number]) : fail(message ?? `Expected one of ${values.join(", ")}.`)));
}

export function nullable<T>(inner: Guard<T>): Guard<T | null> {
  return guard((value) => (value === null ? null : inner.check(value)));
}

export function optional<T>(inner: Guard<T>, fallback?: T): Guard<T | undefined> {
  return guard((value) => (value === undefined ? fallback : inner.check(value)), true);
}

/** Checks every item; issues carry the index. */
export function array<T>(item: Guard<T>): Guard<T[]> {
  return guard((value) => {
    if (!Array.isArray(value)) fail("Expected a list.");
    return collect(value.map((entry, index) => [index, () => item.check(entry)] as const)) as T[];
  });
}

type Shape = Record<string, Guard<unknown>>;
type Optionals<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, Optionals<S>>]: Infer<S[K]> } & { [K in Optionals<S>]?: Infer<S[K]> };

/** An object with these keys; `strict` refuses any other key. Absent optional keys stay absent. */
export function object<S extends Shape>(shape: S, options: { strict?: boolean } = {}): Guard<ObjectOf<S>> {
  return guard((value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail("Expected an object.");
    const record = value as Record<string, unknown>;
    const checks = Object.entries(shape).map(([key, field]) => [key, () => field.check(record[key])] as const);
    if (options.strict) {
      for (const key of Object.keys(record)) if (!Object.hasOwn(shape, key)) checks.push([key, () => fail(`Unknown key "${key}".`)]);
    }
    const values = collect(checks);
    const out: Record<string, unknown> = {};
    Object.keys(shape).forEach((key, index) => {
      if (values[index] !== undefined || Object.hasOwn(record, key)) out[key] = values[index];
    });
    return out as ObjectOf<S>;
  });
}

/** A further rule on a checked value. */
export function refine<T>(inner: Guard<T>, rule: (value: T) => boolean, message: string): Guard<T> {
  return guard((value) => {
    const checked = inner.check(value);
    return rule(checked) ? checked : fail(message);
  });
}

/** Runs each check, prefixing the issues of the ones that fail with their key; throws them all together. */
function collect(checks: (readonly [PropertyKey, () => unknown])[]): unknown[] {
  const issues: Issue[] = [];
  const values = checks.map(([key, check]) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      issues.push(...error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })));
      return undefined;
    }
  });
  if (issues.length) throw new Invalid(issues);
  return values;
}
