import type { TablePreview } from '../../api/types';
import { formatCell } from '../../model/format';
import { ImportancePlot, importanceRows } from '../charts/ImportancePlot';

/** The first rows of a table output, and its importance chart when it has columns column/drop. */
export function TablePreviewView({ preview, label }: { preview: TablePreview; label: string }) {
  const importance = importanceRows(preview.columns, preview.rows);
  return (
    <div className="stack">
      {importance ? <ImportancePlot rows={importance} /> : null}
      <div className="small muted">
        {preview.rows.length} of {preview.total_rows} rows · {preview.columns.length} columns
      </div>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="table table-compact" aria-label={label} data-testid="table-preview">
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c.name} scope="col" title={c.type}>
                  {c.name}
                  <div className="faint small" style={{ fontWeight: 400 }}>{c.type}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>
                {preview.columns.map((c, j) => <td key={c.name} className="mono">{formatCell(row[j])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
