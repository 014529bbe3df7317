import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { refusal } from '../game/index.ts';
import { BusTimeout, type RoomBus, type RoomReply, type RoomRequest } from './room-bus.ts';

type Publisher = Pick<RedisClientType, 'publish'>;
type Subscriber = Pick<RedisClientType, 'subscribe' | 'unsubscribe'>;

type Envelope = { id: string; from: string; request: RoomRequest };
type ReplyEnvelope = { id: string; reply: RoomReply };

/**
 * Request/reply over Redis pub/sub: every node listens on its own channel for requests and on
 * another for the replies to its own requests. Fire-and-forget is not offered: every request
 * is answered, so the sender knows the owner is alive.
 */
export class RedisRoomBus implements RoomBus {
  private readonly pending = new Map<string, { resolve: (reply: RoomReply) => void; timer: NodeJS.Timeout }>();
  private handler: ((request: RoomRequest) => Promise<RoomReply>) | undefined;
  private ready: Promise<void>;

  constructor(
    private readonly nodeId: string,
    private readonly pub: Publisher,
    private readonly sub: Subscriber,
    private readonly prefix = 'quiz:',
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {
    this.ready = Promise.all([
      sub.subscribe(this.requests(nodeId), (message) => void this.onRequest(message)),
      sub.subscribe(this.replies(nodeId), (message) => this.onReply(message)),
    ]).then(() => undefined);
  }

  /** Resolves once this node hears its channels. */
  started(): Promise<void> {
    return this.ready;
  }

  private requests = (nodeId: string) => `${this.prefix}bus:req:${nodeId}`;
  private replies = (nodeId: string) => `${this.prefix}bus:rep:${nodeId}`;

  async request(nodeId: string, request: RoomRequest, timeoutMs: number): Promise<RoomReply> {
    await this.ready;
    const id = randomUUID();
    const reply = new Promise<RoomReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BusTimeout(`node ${nodeId} did not answer ${request.call.type} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
    });
    const envelope: Envelope = { id, from: this.nodeId, request };
    const listeners = await this.pub.publish(this.requests(nodeId), JSON.stringify(envelope));
    if (listeners === 0) {
      // Nobody listens there: the node is gone. Fail now instead of waiting for the timer.
      const entry = this.pending.get(id);
      if (entry) {
        clearTimeout(entry.timer);
        this.pending.delete(id);
      }
      throw new BusTimeout(`node ${nodeId} is not listening`);
    }
    return reply;
  }

  serve(handler: (request: RoomRequest) => Promise<RoomReply>): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await this.sub.unsubscribe([this.requests(this.nodeId), this.replies(this.nodeId)]).catch(() => undefined);
  }

  private async onRequest(message: string) {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    let reply: RoomReply;
    try {
      reply = this.handler ? await this.handler(envelope.request) : { ok: false, reason: 'not-owner' };
    } catch (error) {
      this.log(`bus: ${envelope.request.call.type} for ${envelope.request.code} failed`, error);
      reply = { ok: true, result: refusal('INTERNAL', 'Something went wrong on the server.') };
    }
    const out: ReplyEnvelope = { id: envelope.id, reply };
    await this.pub.publish(this.replies(envelope.from), JSON.stringify(out)).catch((error: unknown) => this.log('bus: reply not sent', error));
  }

  private onReply(message: string) {
    let envelope: ReplyEnvelope;
    try {
      envelope = JSON.parse(message) as ReplyEnvelope;
    } catch {
      return;
    }
    const entry = this.pending.get(envelope.id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(envelope.id);
    entry.resolve(envelope.reply);
  }
}
