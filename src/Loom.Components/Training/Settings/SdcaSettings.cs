using Loom.Sdk;

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
}
