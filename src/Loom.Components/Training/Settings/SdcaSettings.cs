using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training.Settings;

/// <summary>The hyperparameters every SDCA trainer exposes; empty values let SDCA choose from the data.</summary>
internal sealed class SdcaSettings
{
    [Parameter("l2_regularization", Min = 0, Max = 1000, SearchMin = 0.000001, SearchMax = 10, SearchLog = true, Description = "L2 penalty on the weights; empty lets SDCA choose from the data.")]
    public double? L2Regularization { get; set; }

    [Parameter("l1_regularization", Min = 0, Max = 1000, Description = "L1 penalty on the weights (sparsity); empty lets SDCA choose from the data.")]
    public double? L1Regularization { get; set; }

    [Parameter("max_iterations", Min = 1, Max = 10000, Description = "Most passes over the data; empty lets SDCA choose from the data.")]
    public int? MaxIterations { get; set; }

    /// <summary>The same options in generated code; unset values are left out, so SDCA chooses them as here.</summary>
    public string Code(string trainer, string options)
    {
        var lines = new List<string> { "LabelColumnName = \"Label\",", "FeatureColumnName = \"Features\"," };
        if (L2Regularization is { } l2)
        {
            lines.Add($"L2Regularization = {CodeGen.CSharpLiteral.OfSingle(l2)},");
        }

        if (L1Regularization is { } l1)
        {
            lines.Add($"L1Regularization = {CodeGen.CSharpLiteral.OfSingle(l1)},");
        }

        if (MaxIterations is { } iterations)
        {
            lines.Add($"MaximumNumberOfIterations = {iterations},");
        }

        lines.Add("NumberOfThreads = 1,");
        return $"{trainer}(new {options}\n{{\n{string.Concat(lines.Select(l => "    " + l + "\n"))}}})";
    }

    /// <summary>Fills the options every SDCA trainer shares; one thread, since several make the result depend on timing.</summary>
    public TOptions Configure<TOptions, TTransformer, TModel>(SdcaTrainerBase<TOptions, TTransformer, TModel>.OptionsBase options, string label)
        where TOptions : SdcaTrainerBase<TOptions, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.L2Regularization = (float?)L2Regularization;
        options.L1Regularization = (float?)L1Regularization;
        options.MaximumNumberOfIterations = MaxIterations;
        options.NumberOfThreads = 1;
        return (TOptions)options;
    }
}
