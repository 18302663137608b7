/**
 * Lookups by user-supplied names (environments, agents, chapters, presets, config keys).
 *
 * A plain object answers `"toString" in table` and `table["constructor"]` with what it inherits
 * from Object.prototype, so a typo'd or hostile name reaches code that expects a table entry
 * (`makeEnv("toString")` used to fail deep inside the control-task builder). Tables of names are
 * Maps; a miss is a one-line "unknown <what> …; known: …" error.
 */
import { ReproError } from "./errors.js";

export class NameTable<T> implements Iterable<[string, T]> {
  private readonly entries: ReadonlyMap<string, T>;

  /** `what` names the kind of thing in error messages, e.g. "environment". */
  constructor(
    readonly what: string,
    entries: Iterable<readonly [string, T]>,
  ) {
    const map = new Map<string, T>();
    for (const [name, value] of entries) {
      if (map.has(name)) throw new ReproError(`${what} "${name}" is defined twice`);
      map.set(name, value);
    }
    this.entries = map;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry, or undefined (no inherited names). */
  find(name: string): T | undefined {
    return this.entries.get(name);
  }

  /** The entry, or a one-line error listing the known names. */
  get(name: string): T {
    const value = this.entries.get(name);
    if (value === undefined) throw new ReproError(`unknown ${this.what} "${name}"; known: ${this.names().join(", ")}`);
    return value;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  [Symbol.iterator](): Iterator<[string, T]> {
    return this.entries[Symbol.iterator]();
  }
}

/** True when `name` is an own key of `obj` (never an inherited one such as "toString"). */
export function hasOwnName(obj: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, name);
}
