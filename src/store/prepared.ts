// What the single writer needs besides a record, made where the record was analysed (an ingest worker thread), so
// that the writer spends its time writing. Light on purpose: workers import it, and it must not load SQLite.
import type { ArticleRecord } from '../types.js';
import { fingerprint } from './identity.js';

/**
 * A record with its JSON (JSON.stringify(record): the stored `record` column) and its text's fingerprint
 * (fingerprint(record.text); null when the text is too short to have one). A field left out is computed by the writer.
 */
export interface PreparedRecord {
  record: ArticleRecord;
  json?: string;
  fingerprint?: string | null;
}

/** A record with its JSON and fingerprint. */
export function prepareRecord(record: ArticleRecord): Required<PreparedRecord> {
  return { record, json: JSON.stringify(record), fingerprint: fingerprint(record.text) };
}
