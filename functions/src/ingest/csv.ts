/**
 * A small RFC 4180 CSV reader for vendor uploads: quoted fields, escaped quotes, CRLF. Returns
 * the header and rows as records keyed by column name; cells stay strings (the row schema
 * coerces and validates them so errors name the column).
 */
export interface CsvResult {
  header: string[];
  rows: Record<string, string>[];
  errors: { line: number; message: string }[];
}

export function parseCsv(text: string): CsvResult {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const src = text.replace(/^\uFEFF/, '');
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  const header = (nonEmpty.shift() ?? []).map((h) => h.trim());
  const errors: CsvResult['errors'] = [];
  const rows = nonEmpty.map((r, idx) => {
    if (r.length !== header.length) errors.push({ line: idx + 2, message: `expected ${header.length} columns, found ${r.length}` });
    return Object.fromEntries(header.map((h, k) => [h, (r[k] ?? '').trim()]));
  });
  return { header, rows, errors };
}
