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
        await step.RequireNoRolesAsync("table", cancellationToken).ConfigureAwait(false);

        var ml = new MLContext(step.Seed);
        IDataView data = await TableDataView.OpenAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        var inputs = new List<MethodPort> { step.TableInput("table") };
        var bound = step.HasInput("transform");
        if (bound)
        {
            data = ModelPackage.Load(ml, step.InputArtifact("transform")).Model.Transform(data);
            inputs.Add(new MethodPort("transform", "TrainedModel", "transform"));
        }

        var (summary, estimator) = EstimatorCode(step, ml, data, cancellationToken) ?? throw step.Unsupported("this features step is not generated yet");
        var body = new List<string> { $"var ml = new MLContext(seed: {step.Seed});", "var data = ml.Data.LoadFromEnumerable(table);" };
        body.AddRange(estimator);
        body.Add(bound
            ? "var fitted = new TransformerChain<ITransformer>(transform.Transformer, featurizer.Fit(transform.Transformer.Transform(data)));"
            : "var fitted = featurizer.Fit(data);");
        body.Add("logger.LogInformation(\"fitted the features on {Rows} rows\", table.Count);");
        body.Add("return new TrainedModel(fitted, data.Schema);");
        return new StepMethod(bound ? summary + ", after the bound transform" : summary, inputs, [new MethodPort("transform", "TrainedModel", "transform")], body);
    }

    /// <summary>
    /// What this step fits, as code: a summary for the method's comment, and lines declaring
    /// <c>featurizer</c> as the estimator over <paramref name="data"/> (the rows, or the bound transform's
    /// output); null when the step is not generated yet.
    /// </summary>
    protected virtual (string Summary, IReadOnlyList<string> Lines)? EstimatorCode(StepCode step, MLContext ml, IDataView data, CancellationToken cancellationToken) => null;
}
