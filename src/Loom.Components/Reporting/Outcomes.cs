using Loom.Components.Labels;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Reporting;

/// <summary>What a model predicted for each labelled row, in the shape its task's curves and measures need.</summary>
internal sealed record Outcomes(string Task, double[] Truth, double[] Predicted, string[] TrueClass, string[] PredictedClass)
{
    /// <summary>Scores prepared rows: for binary, truth 1/0 and the positive class's probability; for regression, the numbers; for multiclass, the classes.</summary>
    public static Outcomes Of(ITransformer model, DataFrame prepared, string task)
    {
        var scored = model.Transform(prepared);
        switch (task)
        {
            case "binary":
                var truth = prepared.Columns[LabelPreparation.Column].Cast<bool?>().Select(b => b == true ? 1.0 : 0.0).ToArray();
                return new Outcomes(task, truth, scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray(), [], []);
            case "regression":
                var numbers = prepared.Columns[LabelPreparation.Column].Cast<float?>().Select(v => (double)v!.Value).ToArray();
                return new Outcomes(task, numbers, scored.GetColumn<float>("Prediction").Select(p => (double)p).ToArray(), [], []);
            default:
                var classes = LabelValues.Read(prepared.Columns[LabelPreparation.Column]).Select(c => c ?? "").ToArray();
                var predicted = scored.GetColumn<ReadOnlyMemory<char>>("Prediction").Select(p => p.ToString()).ToArray();
                return new Outcomes(task, [], [], classes, predicted);
        }
    }

    /// <summary>The headline measure of the task, larger is better: AUC, accuracy, or R².</summary>
    public double Headline() => Task switch
    {
        "binary" => Curves.Roc(Truth, Predicted).Area,
        "regression" => RSquared(),
        _ => TrueClass.Zip(PredictedClass).Count(p => p.First == p.Second) / (double)Math.Max(1, TrueClass.Length),
    };

    /// <summary>The name of <see cref="Headline"/>.</summary>
    public string HeadlineName => Task switch { "binary" => "auc", "regression" => "r2", _ => "accuracy" };

    private double RSquared()
    {
        var mean = Truth.Average();
        var total = Truth.Sum(t => (t - mean) * (t - mean));
        var residual = Truth.Zip(Predicted).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        return total == 0 ? 0 : 1 - (residual / total);
    }
}
