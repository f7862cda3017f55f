/** A problem of a lookup table, at its line (1-based; null for the file as a whole). */
export interface LookupTableProblem {
  line: number | null;
  message: string;
}

/** The rows of a lookup table as they are read, and every problem found on the way. */
export class LookupTableRows {
  readonly entries = new Map<string, string>();
  readonly problems: LookupTableProblem[] = [];
  private readonly lines = new Map<string, number>();

  /** A row `from` to `to`; an empty or repeated `from` is a problem (which row should win?). */
  add(from: string, to: string, line: number): void {
    if (from === '') return this.problem(line, 'the value to look up is empty: an empty value is never looked up');
    const first = this.lines.get(from);
    if (first !== undefined) return this.problem(line, `${JSON.stringify(from)} is already in the table, on line ${first}`);
    this.lines.set(from, line);
    this.entries.set(from, to);
  }

  problem(line: number | null, message: string): void {
    this.problems.push({ line, message });
  }

  /** A table without rows is a mistake (a wrong file, a lost export): nothing would ever match. */
  checkNotEmpty(): this {
    if (this.entries.size === 0 && this.problems.length === 0) this.problem(null, 'the table has no rows');
    return this;
  }
}
