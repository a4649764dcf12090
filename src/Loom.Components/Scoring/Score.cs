using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Scoring;

/// <summary>Applies a trained model to raw rows.</summary>
[Component("score", "1.0.0", RowWiseInput = "table", Example = "score: { component: score@1, inputs: { model: train.model, table: new_customers.table } }", Category = "score", Description = "Applies a trained model to raw rows (no label needed) and appends its predictions: Prediction (the class, number, relevance, cluster, or whether the row is an anomaly), plus Probability for classifiers and Score for binary and anomaly models (with a _1 suffix when the table already has a column of that name).")]
[Input("model", ArtifactKind.Model, Description = "A trained model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the columns the model reads.")]
[Output("table", ArtifactKind.Table, Description = "The input rows with prediction columns appended.")]
internal sealed partial class Score : IComponent
{
    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var model = ModelFiles.Load(ml, context.GetInput("model").Path);
        if (model.Card.Task is not ("binary" or "regression" or "multiclass" or "ranking" or "clustering" or "anomaly"))
        {
            throw new DataException($"step '{context.StepName}': the model is a {model.Card.Task} ({model.Card.Producer}), not a trained model; bind a trainer's model");
        }

        var warned = false;
        long firstRow = 0;
        var rows = await TableIO.MapAsync(context, "table", "table", batch =>
        {
            var output = ScoreBatch(model, batch, context.StepName, firstRow, out var renamed);
            firstRow += batch.Rows.Count;
            foreach (var (column, name) in renamed.Where(_ => !warned))
            {
                context.Logger.LogWarning("the table already has a column '{Column}'; the prediction column is named '{Name}'", column, name);
            }

            warned = true;
            return output;
        }).ConfigureAwait(false);
        context.Logger.LogInformation("scored {Rows} rows with {Producer}", rows, model.Card.Producer);
    }

    /// <summary>Appends the model's predictions to one batch of rows.</summary>
    private static DataFrame ScoreBatch(ModelPackage model, DataFrame batch, string step, long firstRow, out List<(string Column, string Name)> renamed)
    {
        var table = ModelInputs.Conform(batch, model.Card.Inputs, step, firstRow);
        var scored = model.Model.Transform(table);
        IEnumerable<DataFrameColumn> predictions = model.Card.Task switch
        {
            "binary" => Read(scored, (int)table.Rows.Count, Text("Prediction"), Number("Probability"), Number("Score")),
            "regression" or "ranking" => Read(scored, (int)table.Rows.Count, Number("Prediction")),
            "clustering" => Read(scored, (int)table.Rows.Count, new Prediction<uint, float>("Prediction", "Prediction", c => c, v => new SingleDataFrameColumn("Prediction", v))),
            "anomaly" => Read(scored, (int)table.Rows.Count, new Prediction<bool, bool>("Prediction", "Prediction", b => b, v => new BooleanDataFrameColumn("Prediction", v)), Number("Score")),
            _ => Read(scored, (int)table.Rows.Count, Text("Prediction"), new Prediction<VBuffer<float>, float>("Score", "Probability", s => s.DenseValues().Max(), v => new SingleDataFrameColumn("Probability", v))),
        };

        renamed = [];

        // The batch's own columns are not changed: the output holds them beside the predictions, uncopied.
        var output = new DataFrame(table.Columns);
        foreach (var column in predictions)
        {
            var name = FreeName(output, column.Name);
            if (name != column.Name)
            {
                renamed.Add((column.Name, name));
                column.SetName(name);
            }

            output.Columns.Add(column);
        }

        return output;
    }

    /// <summary>
    /// The prediction columns of a scored batch, read in one pass of one cursor: the model's transforms run once per
    /// row, however many of their columns are kept.
    /// </summary>
    private static List<DataFrameColumn> Read(IDataView scored, int rows, params IPrediction[] wanted)
    {
        var columns = wanted.Select(w => scored.Schema[w.Source]).DistinctBy(c => c.Index).ToList();
        using var cursor = scored.GetRowCursor(columns);
        var readers = wanted.Select(w => w.Reader(cursor, rows)).ToList();
        for (var row = 0; cursor.MoveNext(); row++)
        {
            foreach (var read in readers)
            {
                read.Next(row);
            }
        }

        return readers.Select(r => r.Column()).ToList();
    }

    private static Prediction<ReadOnlyMemory<char>, string> Text(string name) =>
        new(name, name, v => v.ToString(), v => new StringDataFrameColumn(name, v));

    private static Prediction<float, float> Number(string name) =>
        new(name, name, v => v, v => new SingleDataFrameColumn(name, v));

    /// <summary>A column of the scored rows and how it becomes a prediction column.</summary>
    private interface IPrediction
    {
        string Source { get; }

        IPredictionReader Reader(DataViewRowCursor cursor, int rows);
    }

    private interface IPredictionReader
    {
        void Next(int row);

        DataFrameColumn Column();
    }

    private sealed record Prediction<TIn, TOut>(string Source, string Name, Func<TIn, TOut> Convert, Func<TOut[], DataFrameColumn> Make) : IPrediction
    {
        public IPredictionReader Reader(DataViewRowCursor cursor, int rows) => new ValueReader(this, cursor.GetGetter<TIn>(cursor.Schema[Source]), new TOut[rows]);

        private sealed class ValueReader(Prediction<TIn, TOut> prediction, ValueGetter<TIn> getter, TOut[] values) : IPredictionReader
        {
            private TIn value = default!;

            public void Next(int row)
            {
                getter(ref value);
                values[row] = prediction.Convert(value);
            }

            public DataFrameColumn Column() => prediction.Make(values);
        }
    }

    private static string FreeName(DataFrame table, string name)
    {
        var candidate = name;
        for (var n = 1; table.Columns.IndexOf(candidate) >= 0; n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }
}
