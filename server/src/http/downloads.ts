import type { Response } from 'express';

/** Sends a CSV spreadsheet for the browser to save as `filename`. */
export function sendCsv(res: Response, filename: string, body: string) {
  res.type('text/csv; charset=utf-8').attachment(filename).send(body);
}

/** A name as it can stand in a file name (lower-case letters, digits and dashes, at most 40); `fallback` when nothing is left of it. */
export const fileSlug = (name: string, fallback: string) =>
  name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || fallback;
