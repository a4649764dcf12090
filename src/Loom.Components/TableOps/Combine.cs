using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.TableOps;

/// <summary>Joins two tables on key columns.</summary>
[Component("table.join", "1.0.0", Example = "join: { component: table.join@1, inputs: { left: orders.table, right: customers.table }, params: { on: [customer_id], how: left } }", Category = "table", Description = "Joins two tables on key columns: inner keeps left rows with a match, left keeps every left row (missing values where nothing matches). A left row matching several right rows appears once per match. The left table streams; the right one is held in memory, so put the smaller table on the right.")]
[Input("left", ArtifactKind.Table, Description = "The left table (streamed).")]
[Input("right", ArtifactKind.Table, Description = "The right table (held in memory).")]
[Output("table", ArtifactKind.Table, Description = "Left columns, then the right table's other columns (suffixed when a name clashes).")]
internal sealed partial class TableJoin : IComponent
{
    [Parameter("on", Required = true, Description = "Key columns: a name both tables have, or 'left_name=right_name'.")]
    public string[] On { get; set; } = [];

    [Parameter("how", Choices = ["inner", "left"], Description = "inner: only rows with a match; left: every left row.")]
    public string How { get; set; } = "inner";

    [Parameter("suffix", Description = "Appended to a right column whose name the left table already has.")]
    public string Suffix { get; set; } = "_right";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var keys = On.Select(k => k.Split('=', 2)).Select(p => (Left: p[0].Trim(), Right: (p.Length == 2 ? p[1] : p[0]).Trim())).ToList();
        var right = await TableIO.LoadAsync(context, "right").ConfigureAwait(false);
        ColumnsCheck.Require(keys.Select(k => k.Right), ColumnsCheck.Names(right), context.StepName, "on");
        var rightKeys = keys.Select(k => right.Columns[k.Right]).ToList();
        var index = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        for (long r = 0; r < right.Rows.Count; r++)
        {
            var key = RowKey.Of(rightKeys, r);
            if (!key.Contains('\u0000', StringComparison.Ordinal))
            {
                (index.TryGetValue(key, out var list) ? list : index[key] = []).Add(r);
            }
        }

        var carried = right.Columns.Where(c => !keys.Any(k => k.Right == c.Name)).ToList();
        if (How == "left" && carried.FirstOrDefault(c => c is BooleanDataFrameColumn) is { } flag)
        {
            throw new DataException($"step '{context.StepName}': right column '{flag.Name}' is true/false, which cannot be missing for left rows without a match; cast it to number or text first (table.cast)");
        }

        long rows = 0;
        await using var left = await TableIO.OpenAsync(context, "left").ConfigureAwait(false);
        ColumnsCheck.Require(keys.Select(k => k.Left), left.ColumnNames, context.StepName, "on");
        var leftNames = left.ColumnNames;
        var outputNames = carried.ToDictionary(c => c.Name, c => leftNames.Contains(c.Name) ? c.Name + Suffix : c.Name);
        var roles = JoinedRoles.Of(left.Roles, leftNames, await TableIO.RolesAsync(context, "right").ConfigureAwait(false), outputNames, context.StepName);
        rows = await TableIO.WriteBatchesAsync(context, "table", left.ReadBatchesAsync(context.CancellationToken).Select(batch => Join(batch, keys, index, carried)), roles).ConfigureAwait(false);
        context.Logger.LogInformation("joined into {Rows} rows ({How} join on {Keys})", rows, How, string.Join(", ", On));
    }

    private DataFrame Join(DataFrame batch, List<(string Left, string Right)> keys, Dictionary<string, List<long>> index, List<DataFrameColumn> carried)
    {
        var leftKeys = keys.Select(k => batch.Columns[k.Left]).ToList();
        var leftRows = new List<long>();
        var rightRows = new List<long>();
        for (long r = 0; r < batch.Rows.Count; r++)
        {
            if (index.TryGetValue(RowKey.Of(leftKeys, r), out var matches))
            {
                foreach (var match in matches)
                {
                    leftRows.Add(r);
                    rightRows.Add(match);
                }
            }
            else if (How == "left")
            {
                leftRows.Add(r);
                rightRows.Add(-1);
            }
        }

        var output = batch.Filter(new Int64DataFrameColumn("rows", leftRows));
        var names = ColumnsCheck.Names(batch);
        foreach (var column in carried)
        {
            var name = names.Contains(column.Name) ? column.Name + Suffix : column.Name;
            output.Columns.Add(Take(column, rightRows, name));
        }

        return output;
    }

    private static DataFrameColumn Take(DataFrameColumn column, List<long> rows, string name) => column switch
    {
        DoubleDataFrameColumn d => new DoubleDataFrameColumn(name, rows.Select(r => r < 0 ? double.NaN : d[r] ?? double.NaN)),
        SingleDataFrameColumn f => new SingleDataFrameColumn(name, rows.Select(r => r < 0 ? float.NaN : f[r] ?? float.NaN)),
        BooleanDataFrameColumn b => new BooleanDataFrameColumn(name, rows.Select(r => b[r] ?? false)),
        _ => new StringDataFrameColumn(name, rows.Select(r => r < 0 ? "" : (string?)column[r] ?? "")),
    };
}

/// <summary>Stacks two tables.</summary>
[Component("table.union", "1.0.0", Example = "both: { component: table.union@1, inputs: { first: january.table, second: february.table } }", Category = "table", Description = "Stacks the rows of two tables with the same columns (matched by name; the output has the first table's column order); both stream.")]
[Input("first", ArtifactKind.Table, Description = "The first table; its rows come first.")]
[Input("second", ArtifactKind.Table, Description = "The second table, with the same column names and types.")]
[Output("table", ArtifactKind.Table, Description = "The rows of both tables.")]
internal sealed partial class TableUnion : IComponent
{
    public async Task ExecuteAsync(IComponentContext context)
    {
        await using var first = await TableIO.OpenAsync(context, "first").ConfigureAwait(false);
        await using var second = await TableIO.OpenAsync(context, "second").ConfigureAwait(false);
        var names = first.ColumnNames;
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(second.ColumnNames.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new DataException($"step '{context.StepName}': the tables have different columns: first has {string.Join(", ", names)}; second has {string.Join(", ", second.ColumnNames)}");
        }

        var rows = await TableIO.WriteBatchesAsync(context, "table", first.ReadBatchesAsync(context.CancellationToken).Concat(second.ReadBatchesAsync(context.CancellationToken).Select(b => new DataFrame(names.Select(n => b.Columns[n])))), first.Roles).ConfigureAwait(false);
        if (!second.Roles.IsEmpty && second.Roles.ToJson() != first.Roles.ToJson())
        {
            context.Logger.LogWarning("the second table's column roles ({Second}) differ from the first's; the first table's ({First}) are kept", second.Roles.ToJson(), first.Roles.ToJson());
        }
        context.Logger.LogInformation("stacked {Rows} rows", rows);
    }
}
