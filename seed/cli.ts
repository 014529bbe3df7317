// npm run seed: validates the question banks and upserts them into the configured database.
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { seed, SeedError } from './loader.ts';

try {
  const database = await openDatabase(loadConfig());
  try {
    const summary = await seed(database.db);
    console.log(JSON.stringify(summary));
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof SeedError || error instanceof ConfigError) console.error(`error: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
