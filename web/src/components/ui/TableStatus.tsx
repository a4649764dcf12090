/** The row a table shows while it loads, or when it has nothing to show. */
export function TableStatus({ columns, loading, empty, emptyText }: { columns: number; loading: boolean; empty: boolean; emptyText: string }) {
  if (loading) {
    return (
      <tr><td colSpan={columns}><span className="spinner" /> Loading…</td></tr>
    );
  }
  return empty ? <tr><td colSpan={columns} className="empty">{emptyText}</td></tr> : null;
}
