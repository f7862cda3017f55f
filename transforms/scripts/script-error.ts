/**
 * A channel script failed: it threw (`threw`), ran past its time limit (`timeout`), or
 * does not export a default function (`export`).
 */
export class ScriptError extends Error {
  constructor(message: string, readonly reason: 'threw' | 'timeout' | 'export') {
    super(message);
    this.name = 'ScriptError';
  }
}
