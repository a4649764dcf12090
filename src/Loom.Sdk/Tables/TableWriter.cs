using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;

namespace Loom.Sdk.Tables;

/// <summary>
/// Writes a table artifact batch by batch; the first batch fixes the columns. Each batch becomes one or
/// more row groups of at most <see cref="ParquetTables.BatchRows"/> rows, so the same batches always
/// give the same bytes. Column roles, restricted to the columns written, go in the file's metadata.
/// </summary>
public sealed class TableWriter(Stream stream, ColumnRoles? roles = null) : IAsyncDisposable
{
    private ParquetWriter? writer;
    private DataField[] fields = [];
    private DataFrame? emptyFirstBatch;

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Writes a batch of rows as one row group (a large batch as several); every batch must have the first one's columns.</summary>
    public async Task WriteAsync(DataFrame batch, CancellationToken cancellationToken)
    {
        if (writer is null)
        {
            fields = batch.Columns.Select(ParquetTables.Field).ToArray();
            writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var kept = (roles ?? ColumnRoles.None).Restrict(fields.Select(f => f.Name).ToList());
            if (!kept.IsEmpty)
            {
                writer.CustomMetadata = new Dictionary<string, string> { [ColumnRoles.MetadataKey] = kept.ToJson() };
            }
            emptyFirstBatch = batch.Rows.Count == 0 ? batch : null;
        }
        else
        {
            CheckColumns(batch);
        }

        for (long start = 0; start < batch.Rows.Count; start += ParquetTables.BatchRows)
        {
            var count = (int)Math.Min(ParquetTables.BatchRows, batch.Rows.Count - start);
            await WriteGroupAsync(batch, start, count, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteGroupAsync(DataFrame batch, long start, int count, CancellationToken cancellationToken)
    {
        using var group = writer!.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            await ParquetTables.WriteColumnAsync(group, fields[c], batch.Columns[c], start, count, cancellationToken).ConfigureAwait(false);
        }

        RowCount += count;
    }

    private void CheckColumns(DataFrame batch)
    {
        var incoming = batch.Columns.Select(ParquetTables.Field).ToList();
        if (!incoming.Select(f => f.Name).SequenceEqual(fields.Select(f => f.Name)))
        {
            throw new DataException($"rows with columns ({string.Join(", ", incoming.Select(f => f.Name))}) cannot join a table with columns ({string.Join(", ", fields.Select(f => f.Name))})");
        }

        foreach (var (theirs, ours) in incoming.Zip(fields).Where(p => p.First.ClrType != p.Second.ClrType))
        {
            throw new DataException($"column '{ours.Name}' holds {TypeName(ours.ClrType)} in the first rows but {TypeName(theirs.ClrType)} in later ones; cast one of them (table.cast)");
        }
    }

    private static string TypeName(Type type) => type == typeof(double) || type == typeof(float) ? "numbers" : type == typeof(bool) ? "true/false values" : type == typeof(string) ? "text" : type.Name;

    /// <summary>Finishes the file; a table whose batches were all empty still records its columns, as one row group without rows.</summary>
    public async ValueTask DisposeAsync()
    {
        if (writer is null)
        {
            return; // nothing was written: the step failed before its first batch
        }

        if (RowCount == 0 && emptyFirstBatch is not null)
        {
            await WriteGroupAsync(emptyFirstBatch, 0, 0, CancellationToken.None).ConfigureAwait(false);
        }

        await writer.DisposeAsync().ConfigureAwait(false);
    }
}
