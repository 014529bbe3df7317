import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.ts';

describe('loadConfig', () => {
  it('defaults to port 3000, the embedded database and closed registration', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, registration: 'closed', seedOnStart: true, nodeHeartbeatTtlMs: 2_000 });
    expect(config.dataDir).toBe(path.resolve('.data'));
  });

  it('reads PORT, DATABASE_URL, REDIS_URL and CORS_ORIGINS', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://quiz:secret@db.internal:5432/quiz',
      REDIS_URL: 'redis://cache:6379',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://quiz:secret@db.internal:5432/quiz');
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reads how long a silent node counts as alive', () => {
    expect(loadConfig({ NODE_HEARTBEAT_TTL_MS: '8000' }).nodeHeartbeatTtlMs).toBe(8_000);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/quiz' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ REGISTRATION: 'sometimes' }, 'REGISTRATION'],
    [{ NODE_HEARTBEAT_TTL_MS: '500' }, 'NODE_HEARTBEAT_TTL_MS'],
  ])('refuses %o with an error naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid setting ${setting}: `));
  });
});
