import { ConfigError, type ConfigIssue } from './config-error.ts';

/** A key path into the config: map keys and list indexes, `['auth', 'apiKeys', 0, 'principal']`. */
export type KeyPath = readonly (string | number)[];

/** `auth.apiKeys[0].principal`. */
export function formatKeyPath(path: KeyPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/** Where keys are: the YAML file's lines and the environment variables that set values. */
export interface IssueLocator {
  readonly file: string | null;
  lineOf(path: KeyPath): number | null;
}

/**
 * Collects every problem of a configuration so the user sees all of them at once, each
 * pointing at its key in the file, or at the environment variable that set it.
 */
export class ConfigIssues {
  private readonly issues: ConfigIssue[] = [];

  constructor(
    private readonly locator: IssueLocator | null,
    private readonly envOrigins: ReadonlyMap<string, string> = new Map(),
  ) {}

  add(path: KeyPath, message: string): void {
    const key = formatKeyPath(path);
    const env = this.envOrigins.get(key) ?? null;
    const inFile = env === null && this.locator !== null;
    this.issues.push({
      key,
      message,
      env,
      file: inFile ? this.locator!.file : null,
      line: inFile ? this.locator!.lineOf(path) : null,
    });
  }

  /** A key the schema does not declare, with the keys that are allowed where it stands. */
  addUnknownKey(path: KeyPath, known: readonly string[]): void {
    this.add(path, `unknown key; known keys here: ${known.join(', ')}`);
  }

  /**
   * A problem in a file the config names (a lookup table, a script), at that file's line;
   * `path` is the key that names the file, so the user knows which entry reads it.
   */
  addInFile(file: string, line: number | null, path: KeyPath, message: string): void {
    this.issues.push({ key: formatKeyPath(path), message, env: null, file, line });
  }

  /** A problem of the file itself (YAML syntax), at a line rather than a key. */
  addAtLine(line: number | null, message: string): void {
    this.issues.push({ key: '', message, env: null, file: this.locator?.file ?? null, line });
  }

  /** True when an issue names `path` or a key inside it: its value must not be trusted. */
  hasIssueAt(path: KeyPath): boolean {
    const key = formatKeyPath(path);
    return this.issues.some((issue) => issue.key === key || issue.key.startsWith(`${key}.`) || issue.key.startsWith(`${key}[`));
  }

  get size(): number {
    return this.issues.length;
  }

  /** Throw them all, in file order: those without a line (environment, missing keys) first. */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new ConfigError([...this.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
}
