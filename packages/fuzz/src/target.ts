// What one fuzz target is: a generator plus the invariants its cases must keep.
import type { Rng } from './rng.ts';

/** Outcome of one case. `ok: false` is an invariant violation, described by `problem`. */
export interface CaseResult {
  ok: boolean;
  /** What the case was (mutation list, file kinds, server behaviour), for the replay report. */
  description: string;
  problem?: string;
  /** The issue item this failure is a known instance of (fixed on another branch), if any. */
  known?: string;
  /** Not run: its kind reached the coordinator's kill cap. */
  skipped?: boolean;
}

export interface FuzzTarget {
  /** The catalog entry's name (weights, budgets and known kills live in catalog.ts). */
  name: string;
  /** One-time preparation per worker process (load vectors, start engines, start a server). */
  setup?(): Promise<void>;
  run(rng: Rng, ctx: CaseContext): Promise<CaseResult>;
  teardown?(): Promise<void>;
}

/** What a case can tell the coordinator before it exercises the code under test. */
export interface CaseContext {
  index: number;
  /**
   * Names the kind of case about to run (e.g. \`fifo-blob\`) and what it is: if the worker is then
   * killed (time or memory), the report says what it was doing.
   */
  announce(kind: string, description: string): void;
  /** True when cases of this kind already got workers killed often enough: skip the case. */
  capped(kind: string): boolean;
}

export function skipped(description: string): CaseResult {
  return { ok: true, skipped: true, description };
}

export function pass(description: string): CaseResult {
  return { ok: true, description };
}

export function fail(description: string, problem: string): CaseResult {
  return { ok: false, description, problem };
}

/** An error the package threw on purpose (its typed error class), versus a crash. */
export function isTypedError(e: unknown, ...classes: Array<abstract new (...args: never[]) => Error>): boolean {
  return classes.some((c) => e instanceof c);
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 500);
  return String(e).slice(0, 500);
}
