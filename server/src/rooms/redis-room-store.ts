import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { GameState, Player } from '../game/index.ts';
import { RoomStoreUnavailable, type RoomMeta, type RoomStore, type StoredRoom } from './room-store.ts';

/** Any connected node-redis client (the concrete type depends on modules and scripts). */
export type RedisClient = Pick<RedisClientType, 'eval' | 'hmGet' | 'sMembers' | 'get' | 'del' | 'sRem' | 'multi' | 'quit' | 'isReady'>;

// Every script touches only the keys it is given, so each runs atomically on one Redis.
// Players are written as ARGV pairs (id, JSON) from `first` on.
const WRITE_PLAYERS = `
local function write_players(key, first)
  for i = first, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
end`;

const CREATE = `${WRITE_PLAYERS}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'gameId', ARGV[1], 'instructorId', ARGV[2], 'title', ARGV[3], 'phase', ARGV[4], 'state', ARGV[5], 'version', 0, 'epoch', ARGV[9], 'lastOwner', ARGV[6])
redis.call('DEL', KEYS[4])
write_players(KEYS[4], 10)
redis.call('SADD', KEYS[3], ARGV[8])
redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7])
return 1`;

// ARGV: node, version, state without players, phase, epoch of the delta ('' = every player
// follows, replacing the stored ones), then the players.
const SAVE = `${WRITE_PLAYERS}
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version'))
if version == nil then return -2 end
if version ~= tonumber(ARGV[2]) then return -3 end
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if ARGV[5] ~= '' and epoch ~= ARGV[5] then return -4 end
redis.call('HSET', KEYS[1], 'version', version + 1, 'state', ARGV[3], 'phase', ARGV[4])
if ARGV[5] == '' then redis.call('DEL', KEYS[3]) end
write_players(KEYS[3], 6)
return {version + 1, epoch}`;

const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local holder = redis.call('GET', KEYS[2])
if holder == false then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  redis.call('HSET', KEYS[1], 'lastOwner', ARGV[1])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0`;

// KEYS: owner, the old owner's heartbeat, room. ARGV: old owner, new owner, ttl.
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('HSET', KEYS[3], 'lastOwner', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

type Players = GameState['players'];

const aliveKey = (prefix: string, nodeId: string) => `${prefix}node:${nodeId}:alive`;
const seenKey = (prefix: string, nodeId: string) => `${prefix}node:${nodeId}:seen`;

/**
 * A node's heartbeat: alive for `ttlMs` more, and last seen serving at `seenAt` (a node that
 * takes its rooms over gives their open questions back the time since). Also sent from the
 * heartbeat's worker thread, over a connection of its own.
 */
export async function writeHeartbeat(redis: Pick<RedisClient, 'multi'>, prefix: string, nodeId: string, ttlMs: number, seenAt: number): Promise<void> {
  const seen = String(seenAt);
  await redis.multi().set(aliveKey(prefix, nodeId), seen, { PX: ttlMs }).set(seenKey(prefix, nodeId), seen, { EX: 86_400 }).exec();
}

/** What this node last wrote or read of a room: the base its next save sends the changes against. */
type Baseline = { epoch: string; version: number; players: Players };

function playerPairs(players: Players, changedSince?: Players): string[] {
  const pairs: string[] = [];
  for (const id in players) {
    const player = players[id]!;
    // States are never mutated, so an unchanged player is the very same object.
    if (changedSince?.[id] !== player) pairs.push(id, JSON.stringify(player));
  }
  return pairs;
}

/** Whether `players` still has everyone in `before` (a delta only adds and replaces players). */
function keepsEveryPlayer(players: Players, before: Players): boolean {
  for (const id in before) if (!(id in players)) return false;
  return true;
}

function withoutPlayers(state: GameState): string {
  const { players: _players, ...rest } = state;
  return JSON.stringify(rest);
}

/**
 * The shared store of a cluster: per room a hash (meta, the state without its players as JSON,
 * version, and an epoch that changes when the room is created again), a hash of its players (id
 * -> JSON), a lease key that expires on its own when the owner stops renewing it, and a set of
 * room codes. Every key starts with `prefix`, so several deployments or test runs can share one
 * Redis.
 *
 * A save sends only the players that changed since the version this node last saved or loaded
 * (an answer changes one player of a room of 2,000); the script refuses such a delta unless that
 * version and epoch are still the stored ones, so it always lands on the state it was made from.
 */
export class RedisRoomStore implements RoomStore {
  readonly shared = true;
  private readonly baselines = new Map<string, Baseline>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'quiz:',
  ) {}

  private roomKey = (code: string) => `${this.prefix}room:${code}`;
  private ownerKey = (code: string) => `${this.prefix}owner:${code}`;
  private aliveKey = (nodeId: string) => aliveKey(this.prefix, nodeId);
  private seenKey = (nodeId: string) => seenKey(this.prefix, nodeId);
  private playersKey = (code: string) => `${this.prefix}room:${code}:players`;
  private get indexKey() {
    return `${this.prefix}rooms`;
  }

  async create(meta: RoomMeta, state: GameState, nodeId: string, ttlMs: number): Promise<boolean> {
    const epoch = randomUUID();
    const created = await this.redis.eval(CREATE, {
      keys: [this.roomKey(meta.code), this.ownerKey(meta.code), this.indexKey, this.playersKey(meta.code)],
      arguments: [meta.gameId, meta.instructorId, meta.title, state.phase, withoutPlayers(state), nodeId, String(ttlMs), meta.code, epoch, ...playerPairs(state.players)],
    });
    if (created !== 1) return false;
    this.baselines.set(meta.code, { epoch, version: 0, players: state.players });
    return true;
  }

  async load(code: string): Promise<StoredRoom | null> {
    const [hash, stored] = (await this.redis.multi().hGetAll(this.roomKey(code)).hGetAll(this.playersKey(code)).exec()) as unknown as Record<string, string>[];
    if (!hash || hash.version === undefined || hash.state === undefined) return null;
    const rest = JSON.parse(hash.state) as Omit<GameState, 'players'> & { players?: Players };
    // A room saved before players had a hash of their own keeps them inside its state.
    const players: Record<string, Player> = stored && Object.keys(stored).length ? {} : { ...rest.players };
    for (const [id, json] of Object.entries(stored ?? {})) players[id] = JSON.parse(json) as Player;
    const state = { ...rest, players };
    const version = Number(hash.version);
    this.baselines.set(code, { epoch: hash.epoch ?? '', version, players });
    return {
      meta: { code, gameId: hash.gameId!, instructorId: hash.instructorId!, title: hash.title!, phase: hash.phase as GameState['phase'] },
      state,
      version,
    };
  }

  async save(code: string, nodeId: string, version: number, state: GameState): Promise<number | null> {
    // Offline commands fail without being sent (no offline queue): say so, the caller may undo.
    if (!this.redis.isReady) throw new RoomStoreUnavailable('Redis is not connected');
    const baseline = this.baselines.get(code);
    const delta = baseline && baseline.epoch && baseline.version === version && keepsEveryPlayer(state.players, baseline.players) ? baseline : undefined;
    const result = await this.redis.eval(SAVE, {
      keys: [this.roomKey(code), this.ownerKey(code), this.playersKey(code)],
      arguments: [nodeId, String(version), withoutPlayers(state), state.phase, delta?.epoch ?? '', ...playerPairs(state.players, delta?.players)],
    });
    if (!Array.isArray(result)) {
      // Another node moved the room on, or it is gone: the next save here starts from a load.
      if (this.baselines.get(code)?.version === version) this.baselines.delete(code);
      return null;
    }
    const [saved, epoch] = result as [number, string | null];
    this.baselines.set(code, { epoch: epoch ?? '', version: saved, players: state.players });
    return saved;
  }

  async remove(code: string): Promise<void> {
    this.baselines.delete(code);
    await this.redis.multi().del([this.roomKey(code), this.ownerKey(code), this.playersKey(code)]).sRem(this.indexKey, code).exec();
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

  async heartbeat(nodeId: string, ttlMs: number): Promise<void> {
    await writeHeartbeat(this.redis, this.prefix, nodeId, ttlMs, Date.now());
  }

  async isAlive(nodeId: string): Promise<boolean> {
    return (await this.redis.get(this.aliveKey(nodeId))) !== null;
  }

  async lastSeen(nodeId: string): Promise<number | null> {
    const seen = await this.redis.get(this.seenKey(nodeId));
    return seen === null ? null : Number(seen);
  }

  async takeOver(code: string, from: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const taken = await this.redis.eval(TAKE_OVER, { keys: [this.ownerKey(code), this.aliveKey(from), this.roomKey(code)], arguments: [from, nodeId, String(ttlMs)] });
    return taken === 1;
  }

  async lastOwner(code: string): Promise<string | null> {
    const [owner] = await this.redis.hmGet(this.roomKey(code), ['lastOwner']);
    return owner ?? null;
  }
}
