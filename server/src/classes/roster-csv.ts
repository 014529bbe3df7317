/**
 * A roster file: one student per line, the name first and optionally an external id (a school's
 * student number) second, separated by a comma or a semicolon (spreadsheets in many countries
 * write semicolons). Quoted cells may hold separators and doubled quotes. A first line whose
 * first cell is "name" is a header.
 */
export type RosterLine = { line: number; name: string; externalId: string | null };

function cells(line: string, separator: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === separator) {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out.map((value) => value.trim());
}

export function parseRoster(text: string): RosterLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const first = lines.find((line) => line.trim() !== '') ?? '';
  const separator = !first.includes(',') && first.includes(';') ? ';' : ',';
  const rows: RosterLine[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const [name = '', externalId = ''] = cells(line, separator);
    if (index === lines.indexOf(first) && /^(name|student|student name)$/i.test(name)) return;
    rows.push({ line: index + 1, name, externalId: externalId || null });
  });
  return rows;
}
