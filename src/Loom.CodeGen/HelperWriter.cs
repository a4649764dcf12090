namespace Loom.CodeGen;

/// <summary>Writes the predictor and the helpers the steps asked for (the data split).</summary>
internal static class HelperWriter
{
    public static IEnumerable<(string File, string Text)> Write(EmittedPipeline pipeline)
    {
        var code = pipeline.Code;
        var (input, prediction) = (code.InputClass, code.PredictionClass);
        yield return ($"{code.Name}Predictor.cs", $$"""
            using Microsoft.Extensions.ObjectPool;
            using Microsoft.ML;

            namespace {{code.Name}}.Model;

            /// <summary>
            /// Predicts with a saved model; safe to share between threads. Prediction engines are pooled (an
            /// engine serves one thread at a time, and making one per call is slow), and <see cref="Reload"/>
            /// swaps in a new model without failing a call that is under way.
            /// </summary>
            public sealed class {{code.Name}}Predictor
            {
                private readonly MLContext ml = new();
                private Engines engines;

                /// <summary>Loads the model file (as written by <see cref="TrainedModel.Save"/>).</summary>
                public {{code.Name}}Predictor(string modelPath)
                {
                    engines = Load(modelPath);
                }

                /// <summary>The model file in use.</summary>
                public string ModelPath => Volatile.Read(ref engines).Path;

                /// <summary>Predicts one input; throws <see cref="InvalidInputException"/> for an input the model cannot take.</summary>
                public {{prediction}} Predict({{input}} input)
                {
                    {{input}}Validation.Check(input);
                    var current = Volatile.Read(ref engines);
                    var engine = current.Pool.Get();
                    try
                    {
                        return engine.Predict(input);
                    }
                    finally
                    {
                        current.Pool.Return(engine);
                    }
                }

                /// <summary>Predicts several inputs, in order.</summary>
                public IReadOnlyList<{{prediction}}> Predict(IEnumerable<{{input}}> inputs)
                {
                    ArgumentNullException.ThrowIfNull(inputs);
                    return inputs.Select(Predict).ToList();
                }

                /// <summary>Loads another model file and uses it from the next call on.</summary>
                public void Reload(string modelPath)
                {
                    Volatile.Write(ref engines, Load(modelPath));
                }

                private Engines Load(string path)
                {
                    var model = ml.Model.Load(path, out _);
                    var pool = new DefaultObjectPool<PredictionEngine<{{input}}, {{prediction}}>>(new EnginePolicy(ml, model), Environment.ProcessorCount * 2);
                    return new Engines(path, pool);
                }

                private sealed record Engines(string Path, ObjectPool<PredictionEngine<{{input}}, {{prediction}}>> Pool);

                private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<{{input}}, {{prediction}}>>
                {
                    public override PredictionEngine<{{input}}, {{prediction}}> Create() => ml.Model.CreatePredictionEngine<{{input}}, {{prediction}}>(model);

                    public override bool Return(PredictionEngine<{{input}}, {{prediction}}> obj) => true;
                }
            }

            """);
        if (code.Helpers.Contains("DataSplit"))
        {
            yield return ("DataSplit.cs", $$"""
                namespace {{code.Name}}.Model;

                /// <summary>Splits rows into train and test: seeded, optionally stratified, each side in the original row order.</summary>
                public static class DataSplit
                {
                    /// <summary>A random split: <paramref name="testFraction"/> of the rows go to test.</summary>
                    public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Random<T>(IReadOnlyList<T> rows, double testFraction, int seed) =>
                        Stratified(rows, _ => "", testFraction, seed);

                    /// <summary>A split in which every stratum (rows with the same key, such as the label) keeps its share on both sides.</summary>
                    public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Stratified<T>(IReadOnlyList<T> rows, Func<T, string> stratum, double testFraction, int seed)
                    {
                        ArgumentNullException.ThrowIfNull(rows);
                        ArgumentNullException.ThrowIfNull(stratum);
                        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(testFraction, 0);
                        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1);
                        var random = new System.Random(seed);
                        var test = new bool[rows.Count];
                        var strata = Enumerable.Range(0, rows.Count).GroupBy(i => stratum(rows[i]), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
                        foreach (var members in strata.Select(g => g.ToArray()))
                        {
                            random.Shuffle(members);
                            foreach (var row in members.Take((int)Math.Round(members.Length * testFraction, MidpointRounding.AwayFromZero)))
                            {
                                test[row] = true;
                            }
                        }

                        var testCount = test.Count(t => t);
                        if (testCount == 0 || testCount == rows.Count)
                        {
                            throw new InvalidDataException($"{rows.Count} row(s) cannot be split with test fraction {testFraction}: one side would have no rows");
                        }

                        return (rows.Where((_, i) => !test[i]).ToList(), rows.Where((_, i) => test[i]).ToList());
                    }
                }

                """);
        }
    }
}
