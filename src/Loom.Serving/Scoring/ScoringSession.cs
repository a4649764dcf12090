using Microsoft.ML;
using Microsoft.ML.Data;
using Loom.Sdk.Models;

namespace Loom.Serving.Scoring;

/// <summary>
/// One model's row mapper bound to one <see cref="InputRow"/>, with the getters of its prediction columns: scores
/// one row at a time. Not thread-safe; <see cref="RowScorer"/> pools them.
/// </summary>
internal sealed class ScoringSession
{
    private readonly InputRow input;
    private readonly Func<Prediction> read;

    public ScoringSession(ITransformer model, DataViewSchema inputSchema, ModelCard card, IReadOnlyList<object> defaults)
    {
        input = new InputRow(inputSchema, defaults);
        var mapper = model.GetRowToRowMapper(inputSchema);
        var output = mapper.OutputSchema;
        string[] wanted = card.Task switch
        {
            "binary" => ["Prediction", "Probability", "Score"],
            "anomaly" => ["Prediction", "Score"],
            "multiclass" => ["Prediction", "Score"],
            _ => ["Prediction"],
        };
        var columns = wanted.Select(name => output.GetColumnOrNull(name) ?? throw new InvalidOperationException($"the model gives no '{name}' column; it gives {string.Join(", ", output.Select(c => c.Name))}")).ToList();
        var row = mapper.GetRow(input, columns);
        read = card.Task switch
        {
            "binary" => Binary(row, columns),
            "anomaly" => Anomaly(row, columns),
            "multiclass" => Multiclass(row, columns, card.Classes ?? []),
            "clustering" => Cluster(row, columns[0]),
            _ => Number(row, columns[0]),
        };
    }

    public Prediction Score(IReadOnlyList<object> values)
    {
        input.Set(values);
        return read();
    }

    private static Func<Prediction> Binary(DataViewRow row, List<DataViewSchema.Column> columns)
    {
        var label = row.GetGetter<ReadOnlyMemory<char>>(columns[0]);
        var probability = row.GetGetter<float>(columns[1]);
        var score = row.GetGetter<float>(columns[2]);
        return () =>
        {
            ReadOnlyMemory<char> l = default;
            float p = 0, s = 0;
            label(ref l);
            probability(ref p);
            score(ref s);
            return new Prediction(Label: l.ToString(), Probability: p, Score: s);
        };
    }

    private static Func<Prediction> Anomaly(DataViewRow row, List<DataViewSchema.Column> columns)
    {
        var flag = row.GetGetter<bool>(columns[0]);
        var score = row.GetGetter<float>(columns[1]);
        return () =>
        {
            bool f = false;
            float s = 0;
            flag(ref f);
            score(ref s);
            return new Prediction(Flag: f, Score: s);
        };
    }

    private static Func<Prediction> Multiclass(DataViewRow row, List<DataViewSchema.Column> columns, IReadOnlyList<string> classes)
    {
        var label = row.GetGetter<ReadOnlyMemory<char>>(columns[0]);
        var scores = row.GetGetter<VBuffer<float>>(columns[1]);
        return () =>
        {
            ReadOnlyMemory<char> l = default;
            VBuffer<float> s = default;
            label(ref l);
            scores(ref s);
            var values = s.DenseValues().ToArray();
            var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < values.Length; i++)
            {
                probabilities[i < classes.Count ? classes[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = values[i];
            }

            return new Prediction(Label: l.ToString(), Probability: values.Length == 0 ? null : values.Max(), Probabilities: probabilities);
        };
    }

    private static Func<Prediction> Cluster(DataViewRow row, DataViewSchema.Column column)
    {
        var cluster = row.GetGetter<uint>(column);
        return () =>
        {
            uint c = 0;
            cluster(ref c);
            return new Prediction(Value: c);
        };
    }

    private static Func<Prediction> Number(DataViewRow row, DataViewSchema.Column column)
    {
        var value = row.GetGetter<float>(column);
        return () =>
        {
            float v = 0;
            value(ref v);
            return new Prediction(Value: v);
        };
    }
}
