import { Router } from 'express';
import { listDomains } from '../banks/domains.ts';
import type { Db } from '../db/client.ts';

export function bankRoutes(db: Db): Router {
  const router = Router();
  router.get('/domains', async (_req, res) => {
    res.json(await listDomains(db));
  });
  return router;
}
