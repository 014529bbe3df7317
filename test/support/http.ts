import request from 'supertest';
import type { Db } from '../../server/src/db/client.ts';
import { createApp, type AppDeps } from '../../server/src/http/app.ts';
import { createTestDatabase } from './database.ts';

export const PASSWORD = 'correct horse battery';

/** An app on `db` and a helper that signs an instructor in and returns a cookie-keeping agent. */
export function testApp(db: Db, deps: Partial<AppDeps> = {}) {
  const app = createApp({ db, log: () => {}, ...deps });
  let n = 0;
  return {
    app,
    async instructor(name = `Instructor ${++n}`) {
      const agent = request.agent(app);
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}@school.test`;
      const status = await agent.get('/api/auth/status');
      if (status.body.needsSetup) {
        await agent.post('/api/auth/setup').send({ email, name, password: PASSWORD }).expect(201);
      } else {
        const { createInstructor } = await import('../../server/src/auth/accounts.ts');
        await createInstructor(db, { email, name, password: PASSWORD });
        await agent.post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
      }
      return { agent, email, id: (await agent.get('/api/me').expect(200)).body.id as string };
    },
  };
}

/** An instructor signed in through `testApp(...).instructor()`. */
export type SignedIn = Awaited<ReturnType<ReturnType<typeof testApp>['instructor']>>;

/** A seeded database, the app over it, and two signed-in instructors: Ada and Bob. */
export async function seededAppWithAdaAndBob() {
  const t = await createTestDatabase({ seed: true });
  const api = testApp(t.db);
  return { t, api, ada: await api.instructor('Ada'), bob: await api.instructor('Bob') };
}
