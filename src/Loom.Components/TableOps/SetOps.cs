using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.TableOps;

/// <summary>Keeps a random sample of rows.</summary>
[Component("data.sample", "1.0.0", Example = "sample: { component: data.sample@1, inputs: { table: load.table }, params: { fraction: 0.1, seed: 7 } }", Category = "data", Description = "Keeps a random sample of rows, seeded: a fraction of the rows (each row kept with that probability, streaming) or exactly n rows (chosen among the row count, then kept in one streaming pass). Rows keep their original order.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The sampled rows.")]
internal sealed partial class DataSample : IComponent
{
    [Parameter("fraction", Min = 0, Max = 1, Description = "Share of rows to keep; give this or n.")]
    public double? Fraction { get; set; }

    [Parameter("n", Min = 0, Max = int.MaxValue, Description = "Number of rows to keep (all of them when the table has fewer); give this or fraction.")]
    public int? N { get; set; }

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Random seed; by default one derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        if (Fraction is null == N is null)
        {
            throw new DataException($"step '{context.StepName}': give exactly one of 'fraction' and 'n'");
        }

        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        if (Fraction is { } fraction)
        {
            var kept = await TableIO.MapAsync(context, "table", "table", batch =>
                batch.Filter(new BooleanDataFrameColumn("keep", Enumerable.Range(0, (int)batch.Rows.Count).Select(_ => random.NextDouble() < fraction)))).ConfigureAwait(false);
            context.Logger.LogInformation("kept {Rows} rows", kept);
            return;
        }

        // n rows chosen among the row count the file records (Floyd's algorithm), then one streaming pass keeps them.
        await using var reader = await TableIO.OpenAsync(context, "table").ConfigureAwait(false);
        var total = reader.RowCount;
        var chosen = new HashSet<long>();
        for (var j = total - Math.Min(N!.Value, total); j < total; j++)
        {
            var pick = random.NextInt64(j + 1);
            chosen.Add(chosen.Contains(pick) ? j : pick);
        }

        long first = 0;
        var rows = await TableIO.WriteBatchesAsync(context, "table", reader.ReadBatchesAsync(context.CancellationToken).Select(batch =>
        {
            var start = first;
            first += batch.Rows.Count;
            return batch.Filter(new BooleanDataFrameColumn("keep", Enumerable.Range(0, (int)batch.Rows.Count).Select(r => chosen.Contains(start + r))));
        }), reader.Roles).ConfigureAwait(false);
        context.Logger.LogInformation("kept {Rows} rows", rows);
    }
}

/// <summary>Orders rows.</summary>
[Component("table.sort", "1.0.0", Example = "sort: { component: table.sort@1, inputs: { table: load.table }, params: { by: [year, 'price desc'] } }", Category = "table", Description = "Orders rows by one or more columns, each ascending or with ' desc' descending; ties keep their order, missing values go last. Holds the table in memory.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The rows in order.")]
internal sealed partial class TableSort : IComponent
{
    [Parameter("by", Required = true, Description = "Sort keys in priority order, e.g. ['year', 'price desc'].")]
    public string[] By { get; set; } = [];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var keys = By.Select(b => b.Trim()).Select(b => b.EndsWith(" desc", StringComparison.OrdinalIgnoreCase) ? (Name: b[..^5].Trim(), Descending: true) : (Name: b.EndsWith(" asc", StringComparison.OrdinalIgnoreCase) ? b[..^4].Trim() : b, Descending: false)).ToList();
        ColumnsCheck.Require(keys.Select(k => k.Name), ColumnsCheck.Names(table), context.StepName, "by");
        IOrderedEnumerable<long>? order = null;
        var rows = Enumerable.Range(0, (int)table.Rows.Count).Select(i => (long)i);
        foreach (var (name, descending) in keys)
        {
            var column = table.Columns[name];
            var comparer = new CellComparer(descending);
            order = order is null ? rows.OrderBy(r => column[r], comparer) : order.ThenBy(r => column[r], comparer);
        }

        var sorted = table.Rows.Count == 0 ? table : table.Filter(new Int64DataFrameColumn("order", order!));
        await TableIO.WriteAsync(context, "table", sorted, await TableIO.RolesAsync(context, "table").ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Numbers by value, text ordinally, false before true; missing last in either direction.</summary>
    private sealed class CellComparer(bool descending) : IComparer<object?>
    {
        public int Compare(object? x, object? y)
        {
            var (a, b) = (CellText.Of(x) is null ? null : x, CellText.Of(y) is null ? null : y);
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : 1) : -1;
            }

            var result = (a, b) switch
            {
                (string s, string t) => string.CompareOrdinal(s, t),
                (IComparable c, _) => c.CompareTo(b),
                _ => 0,
            };
            return descending ? -result : result;
        }
    }
}

/// <summary>Removes repeated rows.</summary>
[Component("table.dedupe", "1.0.0", Example = "dedupe: { component: table.dedupe@1, inputs: { table: load.table }, params: { columns: [customer_id] } }", Category = "table", Description = "Removes rows that repeat an earlier row on the given columns (all columns by default), keeping the first; streams the table, remembering each distinct key.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The first row of each distinct key, in order.")]
internal sealed partial class TableDedupe : IComponent
{
    [Parameter("columns", Description = "Columns that make a row's key; empty for all columns.")]
    public string[] Columns { get; set; } = [];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long dropped = 0;
        await TableIO.MapAsync(context, "table", "table", batch =>
        {
            var names = Columns.Length > 0 ? Columns : [.. ColumnsCheck.Names(batch)];
            ColumnsCheck.Require(names, ColumnsCheck.Names(batch), context.StepName, "columns");
            var key = names.Select(n => batch.Columns[n]).ToList();
            var keep = Enumerable.Range(0, (int)batch.Rows.Count).Select(r => seen.Add(RowKey.Of(key, r))).ToList();
            dropped += keep.Count(k => !k);
            return batch.Filter(new BooleanDataFrameColumn("keep", keep));
        }).ConfigureAwait(false);
        context.Logger.LogInformation("removed {Rows} repeated row(s)", dropped);
    }
}

/// <summary>A row's values on some columns as one string key (unit separators between cells, a marker for missing).</summary>
internal static class RowKey
{
    public static string Of(IReadOnlyList<DataFrameColumn> columns, long row) =>
        string.Join('\u001f', columns.Select(c => CellText.Of(c[row]) ?? "\u0000"));
}
