using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <summary>Fits a sensible featurization for every column of a table.</summary>
[Component("features.auto", "1.0.0", Category = "features", Description = "Fits a featurization chosen per column type: numbers imputed with the mean plus a missing indicator, booleans as 0/1, categories one-hot (hashed when there are very many), free text as n-grams, id-like and constant columns dropped, numbers scaled by their range (zero stays zero). Bind its transform to a trainer; the trainer's model then includes it.")]
[Input("table", ArtifactKind.Table, Description = "Rows to fit the featurization on (the training rows).")]
[Output("transform", ArtifactKind.Model, Description = "The fitted transform: raw columns in, a 'Features' vector out.")]
internal sealed class FeaturesAuto : IComponent
{
    [Parameter("label", Description = "The label column, which is never used as a feature. Set it whenever the table has one.")]
    public string? Label { get; set; }

    [Parameter("exclude", Description = "Further columns never used as features.")]
    public string[] Exclude { get; set; } = [];

    [Parameter("normalize", Description = "Whether to scale each numeric feature by its range (min-max, zero kept at zero); needed by linear learners, harmless for trees. One-hot, boolean and text features already lie in [0, 1] and are left as they are.")]
    public bool Normalize { get; set; } = true;

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var exclude = Label is null ? Exclude : [.. Exclude, Label];
        TableProfile profile;
        await using (var reader = await TableIO.OpenAsync(context, "table").ConfigureAwait(false))
        {
            foreach (var column in exclude.Where(c => !reader.ColumnNames.Contains(c)))
            {
                throw new DataException($"step '{context.StepName}': column '{column}' (label or exclude) is not in the table; its columns are {string.Join(", ", reader.ColumnNames)}");
            }

            // One pass to profile the columns; fitting then streams the table again.
            profile = await TableProfile.OfAsync(reader, context.CancellationToken).ConfigureAwait(false);
        }

        var table = await TableIO.ViewAsync(context, "table").ConfigureAwait(false);
        var plan = AutoFeaturizer.Plan(ml, profile, exclude, Normalize, context.StepName);
        foreach (var decision in plan.Decisions)
        {
            context.Logger.LogInformation("feature {Decision}", decision);
        }

        var fitted = plan.Estimator.Fit(table);
        var card = new ModelCard
        {
            Task = "transform",
            Inputs = plan.Inputs,
            Producer = "features.auto@1.0.0",
            Parameters = new Dictionary<string, string> { ["normalize"] = Normalize ? "true" : "false" },
        };
        await new ModelPackage(fitted, table.Schema, card).WriteAsync(ml, context, "transform").ConfigureAwait(false);
    }
}
