using Loom.Components;
using Loom.Sdk;
using Loom.Sdk.Models;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Loom.Serving.Scoring;

/// <summary>
/// A loaded model that scores rows given as JSON or CSV cells, from any number of threads: each call borrows a
/// <see cref="ScoringSession"/> from a pool (one per thread at a time), so no prediction engine is built per call.
/// </summary>
public sealed class RowScorer
{
    private static readonly string[] Tasks = ["binary", "regression", "multiclass", "ranking", "clustering", "anomaly"];
    private readonly ObjectPool<ScoringSession> sessions;

    private RowScorer(ModelPackage package, IReadOnlyList<ServingColumn> columns)
    {
        Card = package.Card;
        Columns = columns;
        Parser = new RowParser(columns);
        var defaults = columns.Select(c => c.Default).ToArray();
        sessions = new DefaultObjectPool<ScoringSession>(new SessionPolicy(() => new ScoringSession(package.Model, package.InputSchema, package.Card, defaults)), Environment.ProcessorCount * 4);
    }

    /// <summary>What the model is: its task, label, classes and the raw columns it reads.</summary>
    public ModelCard Card { get; }

    internal IReadOnlyList<ServingColumn> Columns { get; }

    internal RowParser Parser { get; }

    /// <summary>The fields a row must give, with their kinds (number, boolean, text), in schema order.</summary>
    public IReadOnlyList<ModelColumn> Fields => [.. Parser.Fields.Select(c => new ModelColumn(c.Name, c.Kind!))];

    /// <summary>Loads a model artifact for serving and scores one row of defaults, so the first request does not pay for compilation.</summary>
    /// <exception cref="DataException">The file is not a model Loom can serve; the message says why.</exception>
    public static RowScorer Load(string path)
    {
        var ml = new MLContext(seed: 0);
        ml.ComponentCatalog.RegisterAssembly(BuiltInComponents.Assembly);
        var package = ModelPackage.Load(ml, path);
        if (!Tasks.Contains(package.Card.Task))
        {
            throw new DataException($"{path}: the model is a {package.Card.Task} ({package.Card.Producer}), not a trained model; serve a trainer's model");
        }

        var kinds = package.Card.Inputs.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var columns = package.InputSchema.Where(c => !c.IsHidden).Select(c => new ServingColumn(c.Name, c.Index, kinds.GetValueOrDefault(c.Name), c.Type)).ToList();
        var unsupported = columns.Where(c => !ServingColumn.Supported(c.Type)).Select(c => $"'{c.Name}' ({c.Type})").ToList();
        var absent = kinds.Keys.Where(name => columns.All(c => c.Name != name)).ToList();
        if (unsupported.Count > 0 || absent.Count > 0)
        {
            throw new DataException($"{path}: the model cannot be served: {(unsupported.Count > 0 ? $"its input column(s) {string.Join(", ", unsupported)} are neither numbers, true/false nor text" : $"its card names column(s) {string.Join(", ", absent)} its schema lacks")}");
        }

        try
        {
            var scorer = new RowScorer(package, columns);
            scorer.Score(columns.Select(c => c.Default).ToArray());
            return scorer;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new DataException($"{path}: the model cannot score single rows: {e.Message}");
        }
    }

    /// <summary>Scores one row of the schema's values (as <see cref="RowParser"/> reads them).</summary>
    public Prediction Score(IReadOnlyList<object> values)
    {
        var session = sessions.Get();
        try
        {
            return session.Score(values);
        }
        finally
        {
            sessions.Return(session);
        }
    }

    /// <summary>Scores rows one after another on one session (taken from the pool once); each row's prediction, or why it failed.</summary>
    internal List<(Prediction? Prediction, Exception? Error)> ScoreMany(IEnumerable<IReadOnlyList<object>> rows)
    {
        var session = sessions.Get();
        try
        {
            var answers = new List<(Prediction?, Exception?)>();
            foreach (var values in rows)
            {
                try
                {
                    answers.Add((session.Score(values), null));
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
                {
                    answers.Add((null, e));
                }
            }

            return answers;
        }
        finally
        {
            sessions.Return(session);
        }
    }

    private sealed class SessionPolicy(Func<ScoringSession> create) : PooledObjectPolicy<ScoringSession>
    {
        public override ScoringSession Create() => create();

        public override bool Return(ScoringSession obj) => true;
    }
}
