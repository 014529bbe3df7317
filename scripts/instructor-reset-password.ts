// npm run instructor:reset-password -- --email ada@example.edu
// Sets a new password (read as instructor:create reads it) and ends every session of that
// instructor; a running server closes their live host connections within a minute.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../server/src/auth/account-inputs.ts';
import { setPassword } from '../server/src/auth/accounts.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { describeFailure, readPassword } from './read-password.ts';

const input = z.object({
  email: z.email().transform((email) => email.trim().toLowerCase()),
  password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH),
});

try {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  if (!values.email) throw new Error('usage: npm run instructor:reset-password -- --email EMAIL');
  const { email, password } = input.parse({ email: values.email, password: await readPassword('New password: ') });
  const database = await openDatabase(loadConfig());
  try {
    const instructor = await database.db.instructor.findUnique({ where: { email } });
    if (!instructor) throw new Error(`no instructor with the email ${email}`);
    const ended = await setPassword(database.db, instructor.id, password);
    console.log(`password set for ${instructor.email} (${instructor.name}); ${ended.length} session(s) ended`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`error: ${describeFailure(error)}`);
  process.exit(1);
}
