// The feed parser as the poller sees it: a decoded document in, items (or a typed "not a feed") out.
import { articlesFromFeed } from '../ingest/feed.js';
import { InputError } from '../ingest/errors.js';
import type { Article } from '../types.js';

export interface ParsedFeed {
  title: string | null;
  items: Article[];
  /** set when the items came from a lenient recovery of a malformed document */
  bozo: { reason: string } | null;
}

/** Why a fetched document gave no items: never thrown for a readable feed with zero items. */
export class NotAFeed extends Error {}

const HTML_PAGE = /^(?:\ufeff)?\s*(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

export async function parseFeedDocument(text: string, uri: string): Promise<ParsedFeed> {
  if (!text.trim()) throw new NotAFeed('empty body');
  if (HTML_PAGE.test(text.slice(0, 2048))) throw new NotAFeed('not a feed: an HTML page');
  try {
    const read = await articlesFromFeed(text, uri);
    // the lenient recovery's reason, when the parser reports one
    const bozo = (read as { bozo?: { reason: string } | null }).bozo ?? null;
    return { title: read.title, items: read.articles, bozo };
  } catch (e) {
    if (e instanceof InputError) throw new NotAFeed(e.reason);
    throw e;
  }
}
