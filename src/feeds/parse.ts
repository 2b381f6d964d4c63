// The feed parser as the poller sees it: a decoded document in, items (or a typed "not a feed") out.
import { FeedError, parseFeed } from '../ingest/feed.js';
import type { Article } from '../types.js';

export interface ParsedFeed {
  title: string | null;
  items: Article[];
  /** set when the items came from a lenient recovery of a malformed document */
  bozo: { reason: string } | null;
}

/** Why a fetched document gave no items (empty, an HTML page, not a feed): never thrown for a readable feed. */
export class NotAFeed extends Error {}

export async function parseFeedDocument(text: string, uri: string): Promise<ParsedFeed> {
  try {
    const { title, items, bozo } = await parseFeed(text, { uri });
    return { title, items, bozo };
  } catch (e) {
    if (e instanceof FeedError) throw new NotAFeed(e.reason);
    throw e;
  }
}
