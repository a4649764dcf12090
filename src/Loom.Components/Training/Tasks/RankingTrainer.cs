using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Training;

/// <summary>
/// Ranking: learns to order the rows of each group (a query, a session) by a relevance grade. Rows
/// are put in group order for the learner; the group column is never a feature and scoring does not
/// need it.
/// </summary>
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (a relevance score; higher ranks first) out.")]
internal abstract class RankingTrainer : SupervisedTrainer
{
    /// <summary>Highest relevance grade the learners accept.</summary>
    public const int MaxGrade = 30;

    /// <summary>The group column as a key, which ranking learners read.</summary>
    internal const string GroupKeyColumn = "__loom_group_key";

    [Parameter("group", Description = "Column naming the group (query) each row belongs to; rows are ranked within their group. By default the table's group role (table.roles).")]
    public string Group { get; set; } = "";

    protected override string Task => "ranking";

    protected override void UseRoles(string step)
    {
        base.UseRoles(step);
        if (Group.Length == 0)
        {
            Group = Roles.Group ?? throw new DataException($"step '{step}': no group: set 'group', or mark the group column with a table.roles step upstream");
        }
    }

    protected override IEnumerable<string> NonFeatureColumns => [.. base.NonFeatureColumns, Group];

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        if (table.Columns.IndexOf(Group) < 0)
        {
            throw new DataException($"step '{context.StepName}': group column '{Group}' is not in the table; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}");
        }

        var prepared = LabelPreparation.Regression(table, Label, context.StepName);
        var grades = (SingleDataFrameColumn)prepared.Table.Columns[LabelPreparation.Column];
        var bad = grades.Select((g, row) => (g, row)).FirstOrDefault(x => x.g is not { } v || v < 0 || v > MaxGrade || v != MathF.Floor(v));
        if (bad.g is { } grade)
        {
            throw new DataException($"step '{context.StepName}': label '{Label}' has the value {grade} in row {bad.row + 1}; ranking needs relevance grades, whole numbers from 0 to {MaxGrade}");
        }

        var groups = LabelValues.Read(prepared.Table.Columns[Group]);
        var order = Enumerable.Range(0, groups.Length).OrderBy(i => groups[i] ?? "", StringComparer.Ordinal).ToArray();
        var sorted = prepared.Table.Filter(new Int32DataFrameColumn("order", order));
        context.Logger.LogInformation("ranking {Rows} rows in {Groups} groups of '{Group}'", order.Length, groups.Distinct().Count(), Group);
        return (new PreparedData(sorted, prepared.Dropped), StartCard() with { Group = Group });
    }

    protected override IDataView LabelView(MLContext ml, IDataView data) =>
        ml.Transforms.Conversion.MapValueToKey(GroupKeyColumn, Group).Fit(data).Transform(data);

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.CopyColumns("Prediction", "Score");

    /// <summary>Learner code that reads each row's group from the <c>GroupId</c> key column.</summary>
    protected static string Grouped(string code)
    {
        var end = code.LastIndexOf("})", StringComparison.Ordinal);
        return code[..end] + "    RowGroupColumnName = \"GroupId\",\n" + code[end..];
    }

    protected override string TrainingRowsCode(CodeGen.StepCode step, CodeGen.RowClass rows)
    {
        var group = rows.Shape.Columns.FirstOrDefault(c => c.Name == Group)
            ?? throw step.Unsupported($"group column '{Group}' is not in the table");
        if (group.Kind == "number")
        {
            step.Code.Usings.Add("System.Globalization");
        }

        return $"table.OrderBy(row => {group.TextOf("row")}, StringComparer.Ordinal)";
    }

    protected override string? LearnerViewCode(CodeGen.StepCode step) =>
        $"ml.Transforms.Conversion.MapValueToKey(\"GroupId\", {CodeGen.CSharpLiteral.Of(Group)}).Fit(featurized).Transform(featurized)";

    protected override string? OutputCode(ModelCard card) => "ml.Transforms.CopyColumns(\"Prediction\", \"Score\")";
}
