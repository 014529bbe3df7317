import { stringify } from 'csv-stringify/sync';

export type CsvColumn<Row> = { header: string; value: (row: Row) => string | number | null };

/**
 * A CSV document: a header line, then one line per row. It starts with a byte order mark so
 * spreadsheet programs read names with accents correctly, and cells that a spreadsheet would run
 * as a formula (a nickname like "=HYPERLINK(...)") are prefixed with an apostrophe.
 */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => column.value(row))),
    { header: true, columns: columns.map((column) => column.header), bom: true, escape_formulas: true },
  );
}
