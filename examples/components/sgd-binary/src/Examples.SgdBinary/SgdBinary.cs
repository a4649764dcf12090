using System.Globalization;
using Loom.Sdk;
using Loom.Sdk.Models;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Examples.SgdBinary;

/// <summary>Trains a two-class classifier with ML.NET's calibrated stochastic gradient descent on number columns, writing the model as Loom's trainers do.</summary>
[Component("examples.sgd-binary", "1.0.0", Category = "train", Description = "Trains a two-class classifier with ML.NET's calibrated stochastic gradient descent (SGD, one thread, so the same seed gives the same model) on number columns: missing numbers are replaced by the column's mean and features scaled to [0, 1]. Rows with a missing label are left out. The model reads like a built-in trainer's.", Example = "train: { component: examples.sgd-binary@1, inputs: { table: split.train }, params: { label: sex, positive: male, features: [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g] } }")]
[Input("table", ArtifactKind.Table, Description = "The training rows: the label and the number columns.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (the class), Probability (of the positive class) and Score out.")]
public sealed class SgdBinary : IComponent
{
    private const string IsPositive = "IsPositive";

    /// <summary>The label column.</summary>
    [Parameter("label", Required = true, Description = "The label column: two values, besides missing ones.")]
    public string Label { get; set; } = "";

    /// <summary>The positive class.</summary>
    [Parameter("positive", Required = true, Description = "The label value that counts as positive.")]
    public string Positive { get; set; } = "";

    /// <summary>The number columns the model reads.</summary>
    [Parameter("features", Required = true, Description = "The number columns the model reads.")]
    public string[] Features { get; set; } = [];

    /// <summary>Passes over the training rows.</summary>
    [Parameter("iterations", Min = 1, Max = 10000, Description = "Passes of SGD over the training rows.")]
    public int Iterations { get; set; } = 50;

    /// <summary>The first learning rate.</summary>
    [Parameter("learning_rate", Min = 1e-6, Max = 10, Description = "The learning rate SGD starts with.")]
    public double LearningRate { get; set; } = 0.1;

    /// <inheritdoc/>
    public async Task ExecuteAsync(IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var table = await context.ReadTableAsync("table");
        var (prepared, negative) = Prepare(context, table);
        context.Logger.LogInformation("training SGD on {Rows} rows: '{Positive}' against '{Negative}'", prepared.Rows.Count, Positive, negative);
        IDataView rows = prepared;

        var ml = new MLContext(context.Seed);
        var features = Features.Select(f => new InputOutputColumnPair(f)).ToArray();
        var learner = ml.Transforms.Conversion.ConvertType(features, DataKind.Single)
            .Append(ml.Transforms.ReplaceMissingValues(features))
            .Append(ml.Transforms.Concatenate("Features", Features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SgdCalibrated(new SgdCalibratedTrainer.Options
            {
                LabelColumnName = IsPositive,
                NumberOfIterations = Iterations,
                LearningRate = LearningRate,
                // One thread: several would update the weights in an order that changes from run to run.
                NumberOfThreads = 1,
            }));
        var trained = learner.Fit(rows);
        context.CancellationToken.ThrowIfCancellationRequested();

        // Loom's binary models give a probability (SGD's is calibrated) and the class as the label's own text.
        var output = ml.Transforms.Conversion.MapValue("Prediction", [KeyValuePair.Create(true, Positive), KeyValuePair.Create(false, negative)], "PredictedLabel").Fit(trained.Transform(rows));
        var chain = new TransformerChain<ITransformer>(trained, output);
        var card = new ModelCard
        {
            Task = "binary",
            Label = Label,
            PositiveClass = Positive,
            NegativeClass = negative,
            Inputs = [.. Features.Select(f => new ModelColumn(f, "number"))],
            Producer = "examples.sgd-binary@1.0.0",
            Parameters = new Dictionary<string, string>
            {
                ["iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
                ["learning_rate"] = LearningRate.ToString(CultureInfo.InvariantCulture),
            },
        };
        await new ModelPackage(chain, rows.Schema, card).WriteAsync(ml, context, "model");
    }

    /// <summary>The rows with a label, and the label as true/false beside it; the negative class. Checks everything first.</summary>
    private (DataFrame Rows, string Negative) Prepare(IComponentContext context, DataFrame table)
    {
        if (table.Columns.IndexOf(Label) < 0)
        {
            throw new DataException($"step '{context.StepName}', 'label': the table has no column '{Label}'");
        }

        foreach (var feature in Features)
        {
            if (table.Columns.IndexOf(feature) < 0 || table.Columns[feature] is not DoubleDataFrameColumn)
            {
                throw new DataException($"step '{context.StepName}', 'features': '{feature}' is not a number column of the table");
            }
        }

        var labels = table.Columns[Label];
        var text = Enumerable.Range(0, (int)table.Rows.Count).Select(i => Convert.ToString(labels[i], CultureInfo.InvariantCulture) ?? "").ToList();
        var known = text.Select((value, row) => (value, row)).Where(v => v.value.Length > 0 && v.value != "NaN").ToList();
        var classes = known.Select(v => v.value).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count != 2 || !classes.Contains(Positive))
        {
            throw new DataException($"step '{context.StepName}', 'label': column '{Label}' must hold two values, one of them '{Positive}'; it holds {string.Join(", ", classes.Take(5))}");
        }

        if (known.Count < table.Rows.Count)
        {
            context.Logger.LogWarning("left out {Rows} row(s) whose label '{Label}' is missing", table.Rows.Count - known.Count, Label);
        }

        var keep = new PrimitiveDataFrameColumn<bool>("keep", text.Select(v => v.Length > 0 && v != "NaN"));
        var rows = table.Filter(keep);
        rows.Columns.Add(new BooleanDataFrameColumn(IsPositive, known.Select(v => v.value == Positive)));
        return (rows, classes.Single(c => c != Positive));
    }
}
