import readline from 'node:readline';

/**
 * The password for the instructor scripts: from INSTRUCTOR_PASSWORD, from standard input when it
 * is piped, or asked for at the terminal (not echoed).
 */
export async function readPassword(prompt = 'Password: '): Promise<string> {
  if (process.env.INSTRUCTOR_PASSWORD) return process.env.INSTRUCTOR_PASSWORD;
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(prompt);
  output._writeToOutput = () => {};
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

/** One line for a failed script: a schema's problems by field, or the error's message. */
export function describeFailure(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  return issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (error as Error).message;
}
