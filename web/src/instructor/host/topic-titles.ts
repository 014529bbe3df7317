import { api } from '../../lib/api.ts';

/** Topic titles by id, fetched once per domain (a topic id starts with its domain's id). */
const byDomain = new Map<string, Promise<Map<string, string>>>();

export function topicTitle(topicId: string): Promise<string> {
  const domainId = topicId.split('.')[0]!;
  if (!byDomain.has(domainId)) {
    const titles = api.domains
      .topics(domainId)
      .then((topics) => new Map(topics.map((t) => [t.id, t.title])))
      .catch(() => {
        byDomain.delete(domainId);
        return new Map<string, string>();
      });
    byDomain.set(domainId, titles);
  }
  return byDomain.get(domainId)!.then((titles) => titles.get(topicId) ?? topicId);
}
