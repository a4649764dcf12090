using Loom.Components.CodeGen;
using Loom.Components.Tables;

namespace Loom.Components.Tuning;

/// <content>
/// The step as code: the same folds (seeded, or from the fold column), and for each fold the trainer's own code
/// trained on the other folds and the task's evaluator's code measuring it on the fold, then the mean and
/// standard deviation of every metric. The trainer's code depends on its training rows (the featurization the
/// platform plans for them, the label's classes), so each fold's model is trained here, as the platform trained
/// it, and its code written; every fold must come out as the same code, which the generated method then runs k times.
/// </content>
internal sealed partial class CrossValidate : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var roles = await step.RolesAsync("table", cancellationToken).ConfigureAwait(false);
        TrainerSpec spec;
        try
        {
            spec = Choice.Resolve(step.Name, roles);
        }
        catch (Sdk.DataException e)
        {
            throw step.Unsupported($"the trainer does not resolve now: {e.Message}");
        }

        Group = roles.GroupFor(Group, Stratify);
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var table = await ParquetTables.ReadAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        var folds = Folds(table, new Random(Seed is { } seed ? (int)seed : step.Seed), step.Name);
        var ids = folds.Distinct().Order().ToList();
        StepMethod? train = null;
        StepMethod? measure = null;
        var evaluatorName = "";
        using (var context = new ScratchContext(step, cancellationToken))
        {
            foreach (var fold in ids)
            {
                var (foldTrain, foldMeasure, evaluator) = await FoldCodeAsync(step, context, spec, table, roles, folds, fold, cancellationToken).ConfigureAwait(false);
                evaluatorName = evaluator;
                train ??= foldTrain;
                measure ??= foldMeasure;
                if ((Difference(train, foldTrain) ?? Difference(measure, foldMeasure)) is { } difference)
                {
                    throw step.Unsupported($"fold {fold} is trained by other code than fold {ids[0]} (the featurization or the label's classes the trainer chose on its rows differ: '{difference.First}' against '{difference.Other}'); the generated code trains every fold with one method. Bind a features step to 'transform' (features.impute for missing values, features.one-hot for categories) so every fold is featurized alike");
                }
            }
        }

        var foldRows = await step.OutputRowsAsync("folds", cancellationToken).ConfigureAwait(false);
        var (foldsCode, how) = FoldsCode(step, rows);
        List<string> body =
        [
            $"var folds = {foldsCode};",
            .. SingleFoldCheck(),
            "var results = new List<IReadOnlyDictionary<string, double>>();",
            $"var foldTable = new List<{foldRows.Name}>();",
            "foreach (var fold in folds.Distinct().Order())",
            "{",
            "    var model = TrainFold(table.Where((_, i) => folds[i] != fold).ToList());",
            "    var held = table.Where((_, i) => folds[i] == fold).ToList();",
            "    var measured = MeasureFold(model, held);",
            "    logger.LogInformation(\"fold {Fold}: {Metrics}\", fold, string.Join(\", \", measured.Select(m => $\"{m.Key} {m.Value:F4}\")));",
            "    results.Add(measured);",
            $"    foldTable.Add(new {foldRows.Name}",
            "    {",
            .. foldRows.Shape.Columns.Select(c => $"        {c.Property} = {c.Name switch { "fold" => "fold", "rows" => "held.Count", _ => $"measured[{CSharpLiteral.Of(c.Name)}]" }},"),
            "    });",
            "}",
            "",
            "var metrics = new Dictionary<string, double>();",
            "foreach (var name in results[0].Keys)",
            "{",
            "    var values = results.Select(r => r[name]).ToList();",
            "    var mean = values.Average();",
            "    metrics[name] = mean;",
            "    metrics[name + \"_std\"] = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));",
            "}",
            "",
            "logger.LogInformation(\"mean over {Folds} folds: {Metrics}\", results.Count, string.Join(\", \", results[0].Keys.Select(m => $\"{m} {metrics[m]:F4} ± {metrics[m + \"_std\"]:F4}\")));",
            "return (metrics, foldTable);",
            "",
            $"// The trainer's code ({spec.Manifest.Name}), the same for every fold.",
            .. LocalFunction("TrainedModel", "TrainFold", train!),
            "",
            $"// The evaluator's code ({evaluatorName}).",
            .. LocalFunction("IReadOnlyDictionary<string, double>", "MeasureFold", measure!),
        ];
        var inputs = new List<MethodPort> { StepCode.TableInput("table", rows) };
        if (step.HasInput("transform"))
        {
            inputs.Add(new MethodPort("transform", "TrainedModel", "transform"));
        }

        return new StepMethod(
            $"cross-validates {spec.Manifest.Name} over {ids.Count} folds ({how}): each fold's model trained on the other folds and measured on it; the mean and standard deviation of each metric",
            inputs,
            [new MethodPort("metrics", "IReadOnlyDictionary<string, double>", "Metrics"), StepCode.TableOutput("folds", foldRows, "Folds")],
            body);
    }

    /// <summary>The code of one fold: its model trained here as the platform trained it, then the trainer's and the evaluator's code for it.</summary>
    private async Task<(StepMethod Train, StepMethod Measure, string Evaluator)> FoldCodeAsync(StepCode step, ScratchContext context, TrainerSpec spec, Microsoft.Data.Analysis.DataFrame table, ColumnRoles roles, int[] folds, int fold, CancellationToken cancellationToken)
    {
        var name = $"fold-{fold}";
        var trainRows = await Trial.WriteAsync(table.Filter(new Microsoft.Data.Analysis.BooleanDataFrameColumn("train", folds.Select(f => f != fold))), roles, context.ScratchDirectory, name + "-train", cancellationToken).ConfigureAwait(false);
        var heldRows = await Trial.WriteAsync(table.Filter(new Microsoft.Data.Analysis.BooleanDataFrameColumn("test", folds.Select(f => f == fold))), roles, context.ScratchDirectory, name + "-test", cancellationToken).ConfigureAwait(false);
        var transform = step.HasInput("transform") ? step.InputArtifact("transform") : null;
        var (model, task) = await Trial.TrainAsync(context, name, spec.Create(FoldColumnExcluded(spec)), trainRows, transform).ConfigureAwait(false);
        if (spec.Create(FoldColumnExcluded(spec)) is not ICodeEmitter trainer)
        {
            throw step.Unsupported($"the trainer {spec.Manifest.Name} has no code emitter yet");
        }

        var trainStep = new StepCode(step.Name, spec.Manifest.Identity, step.Seed, step.Code, new Dictionary<string, string>(), (port, output) =>
            (port, output) switch
            {
                ("table", false) => trainRows,
                ("transform", false) => transform,
                ("model", true) => model,
                _ => null,
            });
        var evaluator = (ICodeEmitter)Trial.Evaluator(task, null, step.Name);
        var measureStep = new StepCode(step.Name, $"evaluate.{task}", step.Seed, step.Code, new Dictionary<string, string>(), (port, output) =>
            (port, output) switch
            {
                ("table", false) => heldRows,
                ("model", false) => model,
                _ => null,
            });
        return (await trainer.EmitAsync(trainStep, cancellationToken).ConfigureAwait(false), await evaluator.EmitAsync(measureStep, cancellationToken).ConfigureAwait(false), $"evaluate.{task}");
    }

    /// <summary>Each row's fold as code, and how the folds are made.</summary>
    private (string Code, string How) FoldsCode(StepCode step, RowClass rows)
    {
        if (!string.IsNullOrEmpty(FoldColumn))
        {
            var column = rows.Shape[FoldColumn];
            if (column.Kind != "number")
            {
                throw step.Unsupported($"the fold column '{FoldColumn}' is {column.Kind}, not numbers");
            }

            var read = $"row.{column.Property}";
            return (
                $"table.Select((row, i) => !double.IsNaN({read}) && {read} == Math.Floor({read}) ? (int){read} : throw new InvalidDataException($\"the fold column '{FoldColumn}' has no whole fold number in row {{i + 1}}\")).ToArray()",
                $"the folds numbered in '{FoldColumn}'");
        }

        var (call, how) = Data.FoldsCode.Of(step, rows, Stratify, Group, K, Seed);
        return (call, how + ", seeded");
    }

    /// <summary>The platform's check that a fold column numbers at least two folds.</summary>
    private IEnumerable<string> SingleFoldCheck() => string.IsNullOrEmpty(FoldColumn) ? [] :
    [
        "if (folds.Distinct().Count() < 2)",
        "{",
        $"    throw new InvalidDataException({CSharpLiteral.Of($"the fold column '{FoldColumn}' holds a single fold; cross-validation needs at least two")});",
        "}",
        "",
    ];

    /// <summary>A step method as a local function of the cross-validation's method: its model and table parameters, a bound transform read from the enclosing method.</summary>
    private static IEnumerable<string> LocalFunction(string returns, string name, StepMethod method) =>
    [
        $"{returns} {name}({string.Join(", ", method.Inputs.Where(i => i.Port != "transform").Select(i => $"{i.Type} {i.Name}"))})",
        "{",
        .. method.Body.SelectMany(l => l.Split('\n')).Select(l => l.Length == 0 ? "" : "    " + l),
        "}",
    ];

    /// <summary>The first line where two folds' code differs, or null when it is the same.</summary>
    private static (string First, string Other)? Difference(StepMethod first, StepMethod other)
    {
        var a = first.Body.SelectMany(l => l.Split('\n')).ToList();
        var b = other.Body.SelectMany(l => l.Split('\n')).ToList();
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var left = i < a.Count ? a[i] : "";
            var right = i < b.Count ? b[i] : "";
            if (left != right)
            {
                return (left.Trim(), right.Trim());
            }
        }

        return null;
    }
}
