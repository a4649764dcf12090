namespace Loom.CodeGen;

/// <summary>Writes the predictor and the helpers the steps asked for.</summary>
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

                    // One engine now: a model that loads but does not fit these classes fails here, not on every call after.
                    pool.Return(pool.Get());
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
        if (DataSplitWriter.Write(code) is { } split)
        {
            yield return ("DataSplit.cs", split);
        }

        if (DataFoldsWriter.Write(code) is { } folds)
        {
            yield return ("DataFolds.cs", folds);
        }

        if (code.Helpers.Contains("OnnxScores"))
        {
            yield return ("OnnxScores.cs", OnnxScoresWriter.Write(code.Name));
        }

        if (code.Helpers.Contains("DateParts"))
        {
            yield return ("DateParts.cs", DatePartsWriter.Write(code.Name));
        }
    }
}
