using Loom.Components.CodeGen;

namespace Loom.Components.Evaluation;

/// <content>
/// The step as code: the graded rows keyed by the model's group in the order they come, ML.NET's ranking
/// evaluator, and NDCG and DCG at the platform's positions.
/// </content>
internal sealed partial class EvaluateRanking : ICodeEmitter
{
    public Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken) =>
        EvaluationCode.MethodAsync(step, "ranking", Label, (card, rows) =>
        [
            $"var data = {LabelCode.Require(step, card, rows)}(ml, table);",
            $"var keyed = ml.Transforms.Conversion.MapValueToKey(\"GroupId\", {CSharpLiteral.Of(card.Group!)}).Fit(data).Transform(data);",
            "var scored = model.Transformer.Transform(keyed);",
            $"var m = ml.Ranking.Evaluate(scored, new RankingEvaluatorOptions {{ DcgTruncationLevel = {Positions[^1]} }}, \"Label\", \"GroupId\");",
            "logger.LogInformation(\"ndcg@1 {Ndcg1:F4}, ndcg@5 {Ndcg5:F4}, ndcg@10 {Ndcg10:F4}\", m.NormalizedDiscountedCumulativeGains[0], m.NormalizedDiscountedCumulativeGains[4], m.NormalizedDiscountedCumulativeGains[9]);",
            .. EvaluationCode.Return(Positions.SelectMany(k => new[]
            {
                ($"ndcg@{k}", $"m.NormalizedDiscountedCumulativeGains[{k - 1}]"),
                ($"dcg@{k}", $"m.DiscountedCumulativeGains[{k - 1}]"),
            })),
        ], cancellationToken);
}
