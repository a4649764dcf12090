using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training.Settings;

/// <summary>The hyperparameters of online linear learners (averaged perceptron, online gradient descent).</summary>
internal sealed class OnlineSettings
{
    [Parameter("iterations", Min = 1, Max = 1000, SearchMin = 1, SearchMax = 100, SearchLog = true, Description = "Passes over the training rows.")]
    public int Iterations { get; set; } = 10;

    [Parameter("learning_rate", Min = 0.0001, Max = 10, SearchMin = 0.001, SearchMax = 1, SearchLog = true, Description = "Initial step size of each update.")]
    public double LearningRate { get; set; } = 1;

    [Parameter("l2_regularization", Min = 0, Max = 1000, Description = "L2 penalty on the weights.")]
    public double L2Regularization { get; set; }

    /// <summary>The same options as an object initializer in generated code.</summary>
    public string Code(string trainer, string options) =>
        $$"""
        {{trainer}}(new {{options}}
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = {{Iterations}},
            LearningRate = {{CodeGen.CSharpLiteral.OfSingle(LearningRate)}},
            L2Regularization = {{CodeGen.CSharpLiteral.OfSingle(L2Regularization)}},
        })
        """;

    /// <summary>Fills the options the averaged perceptron and online gradient descent share.</summary>
    public TOptions Configure<TOptions>(TOptions options, string label)
        where TOptions : AveragedLinearOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.NumberOfIterations = Iterations;
        options.LearningRate = (float)LearningRate;
        options.L2Regularization = (float)L2Regularization;
        return options;
    }
}
