using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Evaluation;

/// <summary>Measures a ranking model on graded rows.</summary>
[Component("evaluate.ranking", "1.0.0", Example = "evaluate: { component: evaluate.ranking@1, inputs: { model: rank.model, table: split.test } }", Category = "evaluate", Description = "Scores graded rows with a ranking model and measures how well it orders each group: NDCG and DCG at 1, 3, 5 and 10.")]
[Input("model", ArtifactKind.Model, Description = "A ranking model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the relevance label and the group column (the test rows).")]
[Output("metrics", ArtifactKind.Metrics, Description = "ndcg@1, ndcg@3, ndcg@5, ndcg@10 and dcg at the same positions.")]
internal sealed partial class EvaluateRanking : IComponent
{
    private static readonly int[] Positions = [1, 3, 5, 10];

    [Parameter("label", Description = "Relevance column; by default the one the model was trained on.")]
    public string? Label { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "ranking", Label).ConfigureAwait(false);
        var group = model.Card.Group!;
        if (data.Table.Columns.IndexOf(group) < 0)
        {
            throw new DataException($"step '{context.StepName}': group column '{group}' (the model's group) is not in the table");
        }

        var keyed = ml.Transforms.Conversion.MapValueToKey(Training.RankingTrainer.GroupKeyColumn, group).Fit(data.Table).Transform(data.Table);
        var scored = model.Model.Transform(keyed);
        var m = ml.Ranking.Evaluate(scored, new RankingEvaluatorOptions { DcgTruncationLevel = Positions[^1] }, LabelPreparation.Column, Training.RankingTrainer.GroupKeyColumn);
        var metrics = new Dictionary<string, double>();
        foreach (var k in Positions)
        {
            metrics[$"ndcg@{k}"] = m.NormalizedDiscountedCumulativeGains[k - 1];
            metrics[$"dcg@{k}"] = m.DiscountedCumulativeGains[k - 1];
        }

        context.Logger.LogInformation("ndcg@1 {Ndcg1:F4}, ndcg@5 {Ndcg5:F4}, ndcg@10 {Ndcg10:F4}", metrics["ndcg@1"], metrics["ndcg@5"], metrics["ndcg@10"]);
        await new MetricsDocument { Task = "ranking", Rows = data.Table.Rows.Count, Metrics = metrics }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
