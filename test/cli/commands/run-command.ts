/** What a command printed and its exit code. */
export interface CommandRun {
  code: number;
  out: string[];
  err: string[];
}

/** Run a command with console.log and console.error captured (the tests using it run one at a time). */
export async function runCommand(command: (args: string[]) => Promise<number>, args: string[]): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await command(args), out, err };
  } finally {
    Object.assign(console, { log, error });
  }
}
