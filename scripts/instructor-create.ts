// npm run instructor:create -- --email ada@example.edu --name "Ada Lovelace"
// The password is read from INSTRUCTOR_PASSWORD, from standard input when it is piped, or
// asked for at the terminal (not echoed).
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createInstructor, newInstructorSchema } from '../server/src/auth/accounts.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';

async function readPassword(): Promise<string> {
  if (process.env.INSTRUCTOR_PASSWORD) return process.env.INSTRUCTOR_PASSWORD;
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Password: ');
  output._writeToOutput = () => {};
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

try {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.name) throw new Error('usage: npm run instructor:create -- --email EMAIL --name NAME');
  const input = newInstructorSchema.parse({ email: values.email, name: values.name, password: await readPassword() });
  const database = await openDatabase(loadConfig());
  try {
    const instructor = await createInstructor(database.db, input);
    console.log(`created instructor ${instructor.email} (${instructor.name})`);
  } finally {
    await database.close();
  }
} catch (error) {
  const message =
    error instanceof ZodError
      ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : (error as Error).message;
  console.error(`error: ${message}`);
  process.exit(1);
}
