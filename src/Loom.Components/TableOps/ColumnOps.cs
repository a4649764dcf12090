using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.TableOps;

/// <summary>Keeps some columns.</summary>
[Component("table.select", "1.0.0", RowWiseInput = "table", Example = "select: { component: table.select@1, inputs: { table: load.table }, params: { columns: [carat, cut, price] } }", Category = "table", Description = "Keeps only the named columns, in the order given; streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The named columns of every row.")]
internal sealed partial class TableSelect : IComponent
{
    [Parameter("columns", Required = true, Description = "Columns to keep, in output order.")]
    public string[] Columns { get; set; } = [];

    public Task ExecuteAsync(IComponentContext context) =>
        TableIO.MapAsync(context, "table", "table", batch =>
        {
            ColumnsCheck.Require(Columns, ColumnsCheck.Names(batch), context.StepName, "columns");
            return new DataFrame(Columns.Select(c => batch.Columns[c]));
        });
}

/// <summary>Removes some columns.</summary>
[Component("table.drop", "1.0.0", RowWiseInput = "table", Example = "drop: { component: table.drop@1, inputs: { table: load.table }, params: { columns: [customer_id] } }", Category = "table", Description = "Removes the named columns; streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "Every row without the named columns.")]
internal sealed partial class TableDrop : IComponent
{
    [Parameter("columns", Required = true, Description = "Columns to remove.")]
    public string[] Columns { get; set; } = [];

    public Task ExecuteAsync(IComponentContext context) =>
        TableIO.MapAsync(context, "table", "table", batch =>
        {
            ColumnsCheck.Require(Columns, ColumnsCheck.Names(batch), context.StepName, "columns");
            return new DataFrame(batch.Columns.Where(c => !Columns.Contains(c.Name)));
        });
}

/// <summary>Renames columns.</summary>
[Component("table.rename", "1.0.0", RowWiseInput = "table", Example = "rename: { component: table.rename@1, inputs: { table: load.table }, params: { columns: ['Sale_Price:price'] } }", Category = "table", Description = "Renames columns, given as 'old:new' pairs; streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The same rows with the columns renamed.")]
internal sealed partial class TableRename : IComponent
{
    [Parameter("columns", Required = true, Description = "Renames as 'old:new', e.g. ['Sale_Price:price'].")]
    public string[] Columns { get; set; } = [];

    public Task ExecuteAsync(IComponentContext context)
    {
        var pairs = ColumnsCheck.Pairs(Columns, context.StepName, "columns", "old:new");
        return TableIO.MapAsync(context, "table", "table", batch =>
        {
            var names = ColumnsCheck.Names(batch);
            ColumnsCheck.Require(pairs.Select(p => p.Left), names, context.StepName, "columns");
            var renamed = names.Select(n => pairs.FirstOrDefault(p => p.Left == n).Right ?? n).ToList();
            var clash = renamed.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null)
            {
                throw new DataException($"step '{context.StepName}', 'columns': after renaming, two columns would be named '{clash.Key}'");
            }

            var output = batch.Clone();
            for (var c = 0; c < renamed.Count; c++)
            {
                output.Columns[c].SetName(renamed[c]);
            }

            return output;
        }, roles => roles.Rename(pairs.GroupBy(p => p.Left).ToDictionary(g => g.Key, g => g.First().Right)));
    }
}

/// <summary>Changes column types.</summary>
[Component("table.cast", "1.0.0", RowWiseInput = "table", Example = "cast: { component: table.cast@1, inputs: { table: load.table }, params: { columns: ['zip:text', 'year:number'] } }", Category = "table", Description = "Changes column types, given as 'column:type' with type number, boolean or text: text to number reads culture-invariant numbers (empty is missing), booleans become 1/0, numbers become their invariant text; a value that cannot be converted fails the step naming column and row. Streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The same rows with the columns converted.")]
internal sealed partial class TableCast : IComponent
{
    [Parameter("columns", Required = true, Description = "Conversions as 'column:type', e.g. ['zip:text', 'year:number'].")]
    public string[] Columns { get; set; } = [];

    public Task ExecuteAsync(IComponentContext context)
    {
        var pairs = ColumnsCheck.Pairs(Columns, context.StepName, "columns", "column:type");
        foreach (var (_, type) in pairs.Where(p => p.Right is not ("number" or "boolean" or "text")))
        {
            throw new DataException($"step '{context.StepName}', 'columns': type '{type}' must be number, boolean or text");
        }

        long firstRow = 0;
        return TableIO.MapAsync(context, "table", "table", batch =>
        {
            ColumnsCheck.Require(pairs.Select(p => p.Left), ColumnsCheck.Names(batch), context.StepName, "columns");
            var output = batch.Clone();
            foreach (var (name, type) in pairs)
            {
                var index = output.Columns.IndexOf(name);
                output.Columns[index] = Cast.To(output.Columns[index], type, firstRow, context.StepName);
            }

            firstRow += batch.Rows.Count;
            return output;
        });
    }
}
