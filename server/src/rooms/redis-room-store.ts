import type { RedisClientType } from 'redis';
import type { GameState } from '../game/index.ts';
import type { RoomMeta, RoomStore, StoredRoom } from './room-store.ts';

/** Any connected node-redis client (the concrete type depends on modules and scripts). */
export type RedisClient = Pick<RedisClientType, 'eval' | 'hGetAll' | 'hmGet' | 'sMembers' | 'get' | 'del' | 'sRem' | 'multi' | 'quit'>;

// Every script touches only the keys it is given, so each runs atomically on one Redis.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'gameId', ARGV[1], 'instructorId', ARGV[2], 'title', ARGV[3], 'phase', ARGV[4], 'state', ARGV[5], 'version', 0)
redis.call('SADD', KEYS[3], ARGV[8])
redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7])
return 1`;

const SAVE = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version'))
if version == nil then return -2 end
if version ~= tonumber(ARGV[2]) then return -3 end
redis.call('HSET', KEYS[1], 'version', version + 1, 'state', ARGV[3], 'phase', ARGV[4])
return version + 1`;

const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local holder = redis.call('GET', KEYS[2])
if holder == false then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/**
 * The shared store of a cluster: one hash per room (meta, state as JSON, version), one lease key
 * per room that expires on its own when the owner stops renewing it, and a set of room codes.
 * Every key starts with `prefix`, so several deployments or test runs can share one Redis.
 */
export class RedisRoomStore implements RoomStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'quiz:',
  ) {}

  private roomKey = (code: string) => `${this.prefix}room:${code}`;
  private ownerKey = (code: string) => `${this.prefix}owner:${code}`;
  private get indexKey() {
    return `${this.prefix}rooms`;
  }

  async create(meta: RoomMeta, state: GameState, nodeId: string, ttlMs: number): Promise<boolean> {
    const created = await this.redis.eval(CREATE, {
      keys: [this.roomKey(meta.code), this.ownerKey(meta.code), this.indexKey],
      arguments: [meta.gameId, meta.instructorId, meta.title, state.phase, JSON.stringify(state), nodeId, String(ttlMs), meta.code],
    });
    return created === 1;
  }

  async load(code: string): Promise<StoredRoom | null> {
    const hash = await this.redis.hGetAll(this.roomKey(code));
    if (!hash || hash.version === undefined || hash.state === undefined) return null;
    return {
      meta: { code, gameId: hash.gameId!, instructorId: hash.instructorId!, title: hash.title!, phase: hash.phase as GameState['phase'] },
      state: JSON.parse(hash.state) as GameState,
      version: Number(hash.version),
    };
  }

  async save(code: string, nodeId: string, version: number, state: GameState): Promise<number | null> {
    const result = await this.redis.eval(SAVE, {
      keys: [this.roomKey(code), this.ownerKey(code)],
      arguments: [nodeId, String(version), JSON.stringify(state), state.phase],
    });
    return typeof result === 'number' && result > 0 ? result : null;
  }

  async remove(code: string): Promise<void> {
    await this.redis.multi().del([this.roomKey(code), this.ownerKey(code)]).sRem(this.indexKey, code).exec();
  }

  async list(): Promise<RoomMeta[]> {
    const codes = await this.redis.sMembers(this.indexKey);
    const metas = await Promise.all(
      codes.map(async (code): Promise<RoomMeta | null> => {
        const [gameId, instructorId, title, phase] = await this.redis.hmGet(this.roomKey(code), ['gameId', 'instructorId', 'title', 'phase']);
        if (!gameId || !instructorId || title == null || !phase) return null;
        return { code, gameId, instructorId, title, phase: phase as GameState['phase'] };
      }),
    );
    return metas.filter((meta): meta is RoomMeta => meta !== null);
  }

  async claim(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const claimed = await this.redis.eval(CLAIM, { keys: [this.roomKey(code), this.ownerKey(code)], arguments: [nodeId, String(ttlMs)] });
    return claimed === 1;
  }

  async owner(code: string): Promise<string | null> {
    return (await this.redis.get(this.ownerKey(code))) ?? null;
  }

  async release(code: string, nodeId: string): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.ownerKey(code)], arguments: [nodeId] });
  }

  async close(): Promise<void> {}
}
