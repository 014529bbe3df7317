/**
 * Lets at most `limit` room writes reach PostgreSQL at once; the others wait here, in order and
 * without a deadline. Waiting inside the connection pool instead would make Prisma give up on a
 * transaction that cannot start within 2 s, and fifty rooms that change phase together would
 * then fail their saves.
 */
export class WriteGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
