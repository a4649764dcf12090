using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training.Settings;

/// <summary>The hyperparameters every L-BFGS trainer exposes.</summary>
internal sealed class LbfgsSettings
{
    [Parameter("l2_regularization", Min = 0, Max = 1000, SearchMin = 0.0001, SearchMax = 10, SearchLog = true, Description = "L2 penalty on the weights.")]
    public double L2Regularization { get; set; } = 1;

    [Parameter("l1_regularization", Min = 0, Max = 1000, SearchMin = 0, SearchMax = 5, Description = "L1 penalty on the weights (sparsity).")]
    public double L1Regularization { get; set; } = 1;

    [Parameter("tolerance", Min = 1e-12, Max = 0.1, Description = "Stop when the loss improves by less than this share.")]
    public double Tolerance { get; set; } = 1e-7;

    [Parameter("history_size", Min = 1, Max = 1000, Description = "Past updates remembered to approximate curvature; more costs memory.")]
    public int HistorySize { get; set; } = 20;

    [Parameter("max_iterations", Min = 1, Max = 100000, Description = "Most optimizer iterations.")]
    public int MaxIterations { get; set; } = 1000;

    /// <summary>The same options as an object initializer in generated code.</summary>
    public string Code(string trainer, string options) =>
        $$"""
        {{trainer}}(new {{options}}
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            L2Regularization = {{CodeGen.CSharpLiteral.OfSingle(L2Regularization)}},
            L1Regularization = {{CodeGen.CSharpLiteral.OfSingle(L1Regularization)}},
            OptimizationTolerance = {{CodeGen.CSharpLiteral.OfSingle(Tolerance)}},
            HistorySize = {{HistorySize}},
            MaximumNumberOfIterations = {{MaxIterations}},
        })
        """;

    /// <summary>Fills the options every L-BFGS trainer shares.</summary>
    public TOptions Configure<TOptions, TTransformer, TModel>(LbfgsTrainerBase<TOptions, TTransformer, TModel>.OptionsBase options, string label)
        where TOptions : LbfgsTrainerBase<TOptions, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.L2Regularization = (float)L2Regularization;
        options.L1Regularization = (float)L1Regularization;
        options.OptimizationTolerance = (float)Tolerance;
        options.HistorySize = HistorySize;
        options.MaximumNumberOfIterations = MaxIterations;
        return (TOptions)options;
    }
}
