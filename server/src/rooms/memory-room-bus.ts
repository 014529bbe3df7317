import { BusTimeout, type RoomBus, type RoomReply, type RoomRequest } from './room-bus.ts';

/**
 * The bus between nodes of one process: one node in production (nobody to ask, so a request
 * means the node is gone), or several routers in a test. Same contract as the Redis bus.
 */
export class MemoryRoomBus implements RoomBus {
  private handler: ((request: RoomRequest) => Promise<RoomReply>) | undefined;

  constructor(
    private readonly nodeId: string,
    private readonly nodes: Map<string, MemoryRoomBus> = new Map(),
  ) {
    nodes.set(nodeId, this);
  }

  async request(nodeId: string, request: RoomRequest, timeoutMs: number): Promise<RoomReply> {
    const handler = this.nodes.get(nodeId)?.handler;
    if (!handler) throw new BusTimeout(`node ${nodeId} is not listening`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusTimeout(`node ${nodeId} did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    // Through JSON, as over Redis: nothing shared by reference between nodes.
    const sent = JSON.parse(JSON.stringify(request)) as RoomRequest;
    return Promise.race([handler(sent).then((reply) => JSON.parse(JSON.stringify(reply)) as RoomReply), timeout]).finally(() => clearTimeout(timer));
  }

  serve(handler: (request: RoomRequest) => Promise<RoomReply>): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.handler = undefined;
    this.nodes.delete(this.nodeId);
  }
}
