// CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read Indonesian text right). Cells go
// through csvCell: formulas are neutralised (a leading = + - @ gets a quote) and controls removed.
import { csvCell } from '../../domain/text';
import type { ExportTable } from './table';

export function toCsv(table: ExportTable): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map((v) => csvCell(v)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
