using Loom.Components.CodeGen;
using Loom.Components.Models;
using Loom.Components.Tables;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <content>
/// The step as code: the estimator this step fits, over the rows or over the output of the bound
/// transform, returned as one transform (the earlier chain, then this step).
/// </content>
internal abstract partial class FeatureStep : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var ml = new MLContext(step.Seed);
        IDataView data = await TableDataView.OpenAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        Roles = await step.RolesAsync("table", cancellationToken).ConfigureAwait(false);
        RoleExcluded = Roles.NotFeatures(data.Schema.Where(c => !c.IsHidden).Select(c => c.Name)).ToList();
        var inputs = new List<MethodPort> { StepCode.TableInput("table", await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false)) };
        var bound = step.HasInput("transform");
        if (bound)
        {
            data = ModelFiles.Load(ml, step.InputArtifact("transform")).Model.Transform(data);
            inputs.Add(new MethodPort("transform", "TrainedModel", "transform"));
        }

        var view = bound ? "input" : "data";
        var emitted = EstimatorCode(step, ml, data, view, cancellationToken) ?? throw step.Unsupported("this features step is not generated yet");
        var body = new List<string> { $"var ml = new MLContext(seed: {step.Seed});", "var data = ml.Data.LoadFromEnumerable(table);" };
        if (bound)
        {
            body.Add("var input = transform.Transformer.Transform(data);");
        }

        body.AddRange(emitted.Lines);
        var fit = $"featurizer.Fit({emitted.FitOn ?? view})";
        body.Add(bound ? $"var fitted = new TransformerChain<ITransformer>(transform.Transformer, {fit});" : $"var fitted = {fit};");
        body.Add("logger.LogInformation(\"fitted the features on {Rows} rows\", table.Count);");
        body.Add("return new TrainedModel(fitted, data.Schema);");
        return new StepMethod(bound ? emitted.Summary + ", after the bound transform" : emitted.Summary, inputs, [new MethodPort("transform", "TrainedModel", "transform")], body);
    }

    /// <summary>
    /// What this step fits, as code: lines declaring <c>featurizer</c> as the estimator over
    /// <paramref name="data"/> (the rows, or the bound transform's output), which the generated code
    /// holds in the variable <paramref name="view"/>; null when the step is not generated yet.
    /// </summary>
    protected virtual FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken) => null;
}

/// <summary>A features step's estimator as code.</summary>
/// <param name="Summary">What the step does, for the method's comment.</param>
/// <param name="Lines">Lines declaring <c>featurizer</c>.</param>
/// <param name="FitOn">The variable the featurizer is fitted on when it is not the step's view (a view with what fitting alone needs).</param>
internal sealed record FeatureEstimatorCode(string Summary, IReadOnlyList<string> Lines, string? FitOn = null);
