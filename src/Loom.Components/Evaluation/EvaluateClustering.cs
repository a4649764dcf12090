using Loom.Components.Features;
using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>Measures a clustering model.</summary>
[Component("evaluate.clustering", "1.0.0", Example = "evaluate: { component: evaluate.clustering@1, inputs: { model: clusters.model, table: load.table }, params: { label: species } }", Category = "evaluate", Description = "Assigns rows to clusters with a clustering model and measures the clusters: average distance to the center and the Davies-Bouldin index (lower is better for both), plus normalized mutual information with a known class column when one is given.")]
[Input("model", ArtifactKind.Model, Description = "A clustering model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows (the test rows).")]
[Output("metrics", ArtifactKind.Metrics, Description = "average_distance, davies_bouldin and, with a label, nmi.")]
internal sealed partial class EvaluateClustering : IComponent
{
    [Parameter("label", Description = "A column of known classes to compare the clusters with (normalized mutual information); empty for none.")]
    public string? Label { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "clustering", null).ConfigureAwait(false);
        IDataView table = data.Table;
        string? labelKey = null;
        if (!string.IsNullOrEmpty(Label))
        {
            var prepared = LabelPreparation.Multiclass(data.Table, Label, context.StepName);
            labelKey = MulticlassLabel.KeyColumn;
            table = ml.Transforms.Conversion.MapValueToKey(labelKey, LabelPreparation.Column).Fit(prepared.Table).Transform(prepared.Table);
        }

        var m = ml.Clustering.Evaluate(model.Model.Transform(table), labelKey, "Score", FeaturePlan.Column);
        var metrics = new Dictionary<string, double>
        {
            ["average_distance"] = m.AverageDistance,
            ["davies_bouldin"] = m.DaviesBouldinIndex,
        };
        if (labelKey is not null)
        {
            metrics["nmi"] = m.NormalizedMutualInformation;
        }

        context.Logger.LogInformation("average distance {Distance:F4}, Davies-Bouldin {Db:F4}", m.AverageDistance, m.DaviesBouldinIndex);
        await new MetricsDocument { Task = "clustering", Rows = table.GetRowCount() ?? 0, Metrics = metrics }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
