using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.TableOps;

/// <summary>Says what columns are for, so later steps need not be told again.</summary>
[Component("table.roles", "1.0.0", Example = "roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: churn, ids: [customer_id] } }", Category = "table", Description = "Marks column roles that travel with the table through later steps: the label (what trainers predict when they name no label), example weight, ranking group, id columns, and optionally the only feature columns. Columns with a role other than feature are never featurized. Roles set here replace the same roles set upstream; the rows are unchanged.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The same rows, with the roles recorded.")]
internal sealed partial class TableRoles : IComponent
{
    [Parameter("label", Description = "The column to predict.")]
    public string? Label { get; set; }

    [Parameter("weight", Description = "A numeric column of example weights (how much each row counts in training).")]
    public string? Weight { get; set; }

    [Parameter("group", Description = "The column naming each row's group, such as the query for ranking.")]
    public string? Group { get; set; }

    [Parameter("ids", Description = "Identifier columns: kept in the table, never features.")]
    public string[] Ids { get; set; } = [];

    [Parameter("features", Description = "The only columns to use as features; empty means every column without another role.")]
    public string[] Features { get; set; } = [];

    [Parameter("replace", Description = "Whether to forget the roles set upstream instead of keeping those not set here.")]
    public bool Replace { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var given = new ColumnRoles { Label = Blank(Label), Weight = Blank(Weight), Group = Blank(Group), Ids = Ids, Features = Features };
        if (given.IsEmpty && !Replace)
        {
            throw new DataException($"step '{context.StepName}': no role given; set at least one of label, weight, group, ids or features");
        }

        ColumnRoles upstream;
        IReadOnlyList<string> names;
        await using (var reader = await TableIO.OpenAsync(context, "table").ConfigureAwait(false))
        {
            (upstream, names) = (reader.Roles, reader.ColumnNames);
        }

        // A column given a role here loses the role it had upstream.
        var mentioned = given.NonFeatures.Concat(given.Features).ToHashSet();
        var kept = upstream.Restrict(names.Where(n => !mentioned.Contains(n)).ToList());
        var roles = Replace ? given : new ColumnRoles
        {
            Label = given.Label ?? kept.Label,
            Weight = given.Weight ?? kept.Weight,
            Group = given.Group ?? kept.Group,
            Ids = given.Ids.Count > 0 ? given.Ids : kept.Ids,
            Features = given.Features.Count > 0 ? given.Features : kept.Features,
        };
        var checkedOnce = false;
        await TableIO.MapAsync(context, "table", "table", batch =>
        {
            if (!checkedOnce)
            {
                Check(roles, batch, context.StepName);
                checkedOnce = true;
            }

            return batch;
        }, _ => roles).ConfigureAwait(false);
        context.Logger.LogInformation("roles: {Roles}", roles.ToJson());
    }

    private static string? Blank(string? column) => string.IsNullOrWhiteSpace(column) ? null : column;

    private static void Check(ColumnRoles roles, DataFrame batch, string step)
    {
        var names = ColumnsCheck.Names(batch);
        foreach (var (parameter, columns) in new[] { ("label", roles.Label), ("weight", roles.Weight), ("group", roles.Group) }.Where(p => p.Item2 is not null).Select(p => (p.Item1, new[] { p.Item2! })).Append(("ids", roles.Ids.ToArray())).Append(("features", roles.Features.ToArray())))
        {
            ColumnsCheck.Require(columns, names, step, parameter);
        }

        var twice = roles.NonFeatures.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new DataException($"step '{step}': column '{twice.Key}' is given two roles; a column is one of label, weight, group or id");
        }

        if (roles.Features.FirstOrDefault(roles.NonFeatures.Contains) is { } both)
        {
            throw new DataException($"step '{step}', 'features': '{both}' also has another role (label, weight, group or id), so it cannot be a feature");
        }

        if (roles.Weight is { } weight && batch.Columns[weight] is not (DoubleDataFrameColumn or SingleDataFrameColumn or Int32DataFrameColumn or Int64DataFrameColumn))
        {
            throw new DataException($"step '{step}', 'weight': column '{weight}' holds {(batch.Columns[weight] is BooleanDataFrameColumn ? "true/false values" : "text")}; example weights must be numbers (table.cast can convert)");
        }
    }
}
