using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Tables;

/// <summary>
/// A table artifact as an ML.NET data view that reads one batch at a time, so fitting a transform over
/// a table larger than memory holds one batch, not the table. Every cursor opens the file afresh.
/// </summary>
internal sealed class TableDataView : IDataView
{
    private readonly string path;
    private readonly long rows;

    private TableDataView(string path, DataViewSchema schema, long rows)
    {
        this.path = path;
        Schema = schema;
        this.rows = rows;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public static async Task<TableDataView> OpenAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var first = await reader.ReadBatchesAsync(cancellationToken).FirstAsync(cancellationToken).ConfigureAwait(false);
        return new TableDataView(path, ((IDataView)(first.Rows.Count == 0 ? first : first.Head(0))).Schema, reader.RowCount);
    }

    public long? GetRowCount() => rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView view;
        private readonly HashSet<int> active;
        private readonly TableReader reader;
        private readonly Delegate?[] innerGetters;
        private int batch = -1;
        private DataViewRowCursor? inner;
        private long position = -1;

        public Cursor(TableDataView view, HashSet<int> active)
        {
            this.view = view;
            this.active = active;
            reader = TableReader.OpenAsync(view.path, CancellationToken.None).GetAwaiter().GetResult();
            innerGetters = new Delegate?[view.Schema.Count];
        }

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            while (inner is null || !inner.MoveNext())
            {
                if (++batch >= reader.BatchCount)
                {
                    return false;
                }

                Open(reader.ReadBatchAsync(batch, CancellationToken.None).GetAwaiter().GetResult());
            }

            position++;
            return true;
        }

        private void Open(DataFrame frame)
        {
            inner?.Dispose();
            IDataView data = frame;
            var columns = data.Schema.Where(c => active.Contains(c.Index)).ToList();
            inner = data.GetRowCursor(columns);
            foreach (var column in columns)
            {
                innerGetters[column.Index] = GetterOf(inner, column);
            }
        }

        private static Delegate GetterOf(DataViewRowCursor cursor, DataViewSchema.Column column) => column.Type.RawType switch
        {
            var t when t == typeof(double) => cursor.GetGetter<double>(column),
            var t when t == typeof(float) => cursor.GetGetter<float>(column),
            var t when t == typeof(bool) => cursor.GetGetter<bool>(column),
            var t when t == typeof(int) => cursor.GetGetter<int>(column),
            var t when t == typeof(long) => cursor.GetGetter<long>(column),
            _ => cursor.GetGetter<ReadOnlyMemory<char>>(column),
        };

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index))
            {
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was opened");
            }

            return (ref TValue value) => ((ValueGetter<TValue>)innerGetters[column.Index]!)(ref value);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)position, 0);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner?.Dispose();
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            base.Dispose(disposing);
        }
    }
}
