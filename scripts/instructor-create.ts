// npm run instructor:create -- --email ada@example.edu --name "Ada Lovelace"
// The password is read from INSTRUCTOR_PASSWORD, from standard input when it is piped, or
// asked for at the terminal (not echoed). The first instructor created is the admin.
import { parseArgs } from 'node:util';
import { createInstructor, newInstructorSchema } from '../server/src/auth/accounts.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { describeFailure, readPassword } from './read-password.ts';

try {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.name) throw new Error('usage: npm run instructor:create -- --email EMAIL --name NAME');
  const input = newInstructorSchema.parse({ email: values.email, name: values.name, password: await readPassword() });
  const database = await openDatabase(loadConfig());
  try {
    const instructor = await createInstructor(database.db, input);
    console.log(`created instructor ${instructor.email} (${instructor.name})${instructor.role === 'admin' ? ', the admin' : ''}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`error: ${describeFailure(error)}`);
  process.exit(1);
}
