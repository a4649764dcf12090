using Loom.Sdk.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Loom.Sdk;
using Loom.Sdk.Testing;
using Microsoft.Data.Analysis;

namespace Examples.SgdBinary.Tests;

/// <summary>The component on real rows, run through a step context over a temporary folder.</summary>
public sealed class SgdBinaryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("examples.sgd-binary-").FullName;

    [Fact]
    public void Its_manifest_is_complete()
    {
        var manifest = ManifestReader.Read(typeof(SgdBinary));
        Assert.Equal("examples.sgd-binary", manifest.Name);
        Assert.All(manifest.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Fact]
    public async Task It_writes_a_binary_model_whose_predictions_are_classes_with_probabilities()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

        await new SgdBinary { Label = "sex", Positive = "male", Features = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"] }.ExecuteAsync(context);

        var ml = new MLContext(7);
        var model = ModelPackage.Load(ml, context.Outputs["model"]);
        Assert.Equal(("binary", "sex", "male", "female"), (model.Card.Task, model.Card.Label, model.Card.PositiveClass, model.Card.NegativeClass));
        var scored = model.Model.Transform(Penguins());
        var predictions = scored.GetColumn<string>("Prediction").ToList();
        var probabilities = scored.GetColumn<float>("Probability").ToList();
        Assert.Equal(24, predictions.Count);
        Assert.All(predictions, p => Assert.Contains(p, new[] { "male", "female" }));
        Assert.All(probabilities, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public async Task A_label_without_two_values_is_refused_naming_what_it_holds()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

        var error = await Assert.ThrowsAsync<DataException>(() => new SgdBinary { Label = "species", Positive = "Gentoo", Features = ["body_mass_g"] }.ExecuteAsync(context));

        Assert.Equal("step 'step', 'label': column 'species' must hold two values, one of them 'Gentoo'; it holds Adelie", error.Message);
        Assert.Empty(context.Outputs);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The penguins, as a table holds them: missing numbers as NaN, missing text as "".</summary>
    private static DataFrame Penguins()
    {
        var table = DataFrame.LoadCsv(
            Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv"),
            dataTypes: [typeof(string), typeof(string), typeof(double), typeof(double), typeof(double), typeof(double), typeof(string), typeof(double)]);
        foreach (var column in table.Columns)
        {
            column.FillNulls(column is StringDataFrameColumn ? "" : double.NaN, inPlace: true);
        }

        return table;
    }
}
