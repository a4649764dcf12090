using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;

namespace Loom.Sdk.Tables;

/// <summary>Reads a table artifact one batch (row group) at a time.</summary>
public sealed class TableReader : IAsyncDisposable
{
    private readonly FileStream file;
    private readonly ParquetReader reader;
    private readonly DataField[] fields;

    private TableReader(FileStream file, ParquetReader reader)
    {
        this.file = file;
        this.reader = reader;
        fields = reader.Schema.GetDataFields();
        RowCount = Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.RowGroups[g].RowCount);
        Roles = ColumnRoles.FromMetadata(reader.CustomMetadata);
    }

    /// <summary>What the table's columns are for, as set by <c>table.roles</c> upstream.</summary>
    public ColumnRoles Roles { get; }

    /// <summary>Rows in the whole table.</summary>
    public long RowCount { get; }

    /// <summary>Batches (row groups) in the table; at least one, possibly empty.</summary>
    public int BatchCount => reader.RowGroupCount;

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> ColumnNames => fields.Select(f => f.Name).ToArray();

    /// <summary>Opens a table artifact (a Parquet file) for reading batch by batch; its column roles are read at once.</summary>
    public static async Task<TableReader> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        try
        {
            return new TableReader(file, await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads one batch as an in-memory table.</summary>
    public async Task<DataFrame> ReadBatchAsync(int index, CancellationToken cancellationToken)
    {
        var raw = await ReadRawAsync(index, cancellationToken).ConfigureAwait(false);
        return new DataFrame(fields.Select((f, c) => ParquetTables.Column(f, [raw[c]])));
    }

    /// <summary>Every batch in order; an empty table yields one empty batch, so the columns are always known.</summary>
    public async IAsyncEnumerable<DataFrame> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (reader.RowGroupCount == 0)
        {
            yield return await ReadFirstBatchAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            yield return await ReadBatchAsync(g, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first batch (an empty one for an empty table): the columns and their types, without reading the rest.</summary>
    public Task<DataFrame> ReadFirstBatchAsync(CancellationToken cancellationToken) =>
        reader.RowGroupCount == 0 ? Task.FromResult(new DataFrame(fields.Select(f => ParquetTables.Column(f, [])))) : ReadBatchAsync(0, cancellationToken);

    /// <summary>The whole table in memory.</summary>
    public async Task<DataFrame> ReadAllAsync(CancellationToken cancellationToken)
    {
        var parts = fields.Select(_ => new List<Array>()).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var raw = await ReadRawAsync(g, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < fields.Length; c++)
            {
                parts[c].Add(raw[c]);
            }
        }

        return new DataFrame(fields.Select((f, c) => ParquetTables.Column(f, parts[c])));
    }

    private async Task<Array[]> ReadRawAsync(int index, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var columns = new Array[fields.Length];
        for (var c = 0; c < fields.Length; c++)
        {
            columns[c] = await ParquetTables.ReadColumnAsync(group, fields[c], (int)group.RowCount, cancellationToken).ConfigureAwait(false);
        }

        return columns;
    }

    /// <summary>Closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
    }
}
