import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { IssueLocator, KeyPath } from './config-issues.ts';

export interface YamlSyntaxError {
  line: number | null;
  message: string;
}

/** A parsed YAML config file that knows the line of every key in it. */
export class ConfigSource implements IssueLocator {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static parse(file: string, text: string): ConfigSource {
    const lines = new LineCounter();
    return new ConfigSource(file, parseDocument(text, { lineCounter: lines, prettyErrors: true }), lines);
  }

  /** Syntax errors, each with its line and the first line of yaml's message (the rest is a code excerpt). */
  syntaxErrors(): YamlSyntaxError[] {
    return this.doc.errors.map((error) => ({
      line: error.linePos?.[0].line ?? null,
      message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    }));
  }

  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /**
   * The line of the key at `path`, or, when the file lacks it, of its deepest ancestor
   * that is there (so "required" errors point at the section that misses the key).
   */
  lineOf(path: KeyPath): number | null {
    let node: unknown = this.doc.contents;
    let line: number | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        line = this.lineAt(pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        line = this.lineAt(node as Node) ?? line;
      } else {
        break;
      }
    }
    return line;
  }

  private lineAt(node: Node | null): number | null {
    const offset = node?.range?.[0];
    return offset === undefined ? null : this.lines.linePos(offset).line;
  }
}
