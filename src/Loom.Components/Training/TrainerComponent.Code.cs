using Loom.Components.CodeGen;
using Loom.Components.Features;
using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Components.Tables;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Training;

/// <content>
/// The step as code: label preparation, the featurization the platform chose for these training rows
/// (or the bound transform), the learner with the step's parameters and seed, and the readable output.
/// </content>
internal abstract partial class TrainerComponent : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var learner = LearnerCode(step) ?? throw step.Unsupported("this learner is not generated yet");
        var ml = new MLContext(step.Seed);
        var model = ModelFiles.Load(ml, step.OutputArtifact("model"));
        var card = model.Card;
        var output = OutputCode(card) ?? throw step.Unsupported($"a {card.Task} model with these parameters is not generated yet");
        await UseRolesAsync(step, cancellationToken).ConfigureAwait(false);

        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var training = TrainingRowsCode(step, rows);
        List<string> body =
        [
            $"var ml = new MLContext(seed: {step.Seed});",
            .. WeightCheck(rows),
            card.Label is null ? $"var data = ml.Data.LoadFromEnumerable({training});" : $"var data = {LabelCode.Require(step, card, rows)}(ml, {training});",
        ];
        var inputs = new List<MethodPort> { StepCode.TableInput("table", rows) };
        if (step.HasInput("transform"))
        {
            var transform = ModelFiles.Load(ml, step.InputArtifact("transform"));
            inputs.Add(new MethodPort("transform", "TrainedModel", "transform"));
            if (transform.Model.GetOutputSchema(transform.InputSchema).GetColumnOrNull(FeaturePlan.Column) is not null)
            {
                body.Add("var features = transform.Transformer;");
            }
            else
            {
                // The transform's output is featurized automatically, as the platform does.
                var plan = await PlanAsync(ml, step, card, transform.Model, cancellationToken).ConfigureAwait(false);
                body.Add("var transformed = transform.Transformer.Transform(data);");
                body.AddRange(FeatureCode.Estimator("featurizer", plan));
                body.Add("var features = new TransformerChain<ITransformer>(transform.Transformer, featurizer.Fit(transformed));");
            }
        }
        else
        {
            var plan = await PlanAsync(ml, step, card, null, cancellationToken).ConfigureAwait(false);
            body.AddRange(FeatureCode.Estimator("featurizer", plan));
            body.Add("var features = featurizer.Fit(data);");
        }

        body.Add("var featurized = features.Transform(data);");
        var view = LearnerViewCode(step);
        var learnerReads = "featurized";
        if (view is not null)
        {
            body.AddRange(view.Split('\n').Select((line, i) => i == 0 ? "var training = " + line : line));
            body[^1] += ";";
            learnerReads = "training";
        }

        if (Roles.Weight is { } weight)
        {
            // The platform's own decision: whether this learner's options take example weights.
            CreateTrainer(new MLContext(step.Seed), new StepDecisionContext(step));
            if (weightApplied)
            {
                body.Add($"var weighted = ml.Transforms.Conversion.ConvertType(\"Weight\", {CSharpLiteral.Of(weight)}, DataKind.Single).Fit({learnerReads}).Transform({learnerReads});");
                learnerReads = "weighted";
                learner = ReadingWeights(learner);
            }
            else
            {
                body.Add($"// {Producer} does not take example weights: the weight column '{weight}' is not used, as the platform does not use it.");
            }
        }

        body.Add("// The learner has a context of its own, so its random draws depend on the seed alone.");
        body.Add($"var learner = new MLContext(seed: {step.Seed});");
        body.AddRange(learner.Split('\n').Select((line, i) => i == 0 ? "var learned = " + line : line));
        body[^1] += $".Fit({learnerReads});";
        var trained = "learned";
        if (CompleteCode(step) is { } complete)
        {
            body.Add($"var completed = {complete};");
            trained = "completed";
        }

        if (Calibrated(model.Model))
        {
            body.Add("// The learner's scores are not probabilities: a Platt calibrator fitted on the training rows makes them so.");
            body.Add("var calibrator = ml.BinaryClassification.Calibrators.Platt(labelColumnName: \"Label\").Fit(learned.Transform(featurized));");
            body.Add("var calibrated = new TransformerChain<ITransformer>(learned, calibrator);");
            trained = "calibrated";
        }

        body.Add($"var output = {output}.Fit({trained}.Transform(featurized));");
        body.Add($"logger.LogInformation(\"trained {Producer} on {{Rows}} rows\", data.GetRowCount());");
        body.Add($"return new TrainedModel(new TransformerChain<ITransformer>(features, {trained}, output), data.Schema);");
        return new StepMethod(
            card.Label is null ? $"trains {Producer}" : $"trains {Producer} on '{card.Label}'",
            inputs,
            [new MethodPort("model", "TrainedModel", "model")],
            body);
    }

    /// <summary>
    /// Takes the table's column roles as the platform does (label and group defaults, role columns never
    /// features), so the generated code trains as the roles made the platform train.
    /// </summary>
    private async Task UseRolesAsync(StepCode step, CancellationToken cancellationToken)
    {
        Roles = await step.RolesAsync("table", cancellationToken).ConfigureAwait(false);
        UseRoles(step.Name);
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        roleNonFeatures = Roles.NotFeatures(rows.Shape.Columns.Select(c => c.Name)).ToList();
    }

    /// <summary>Learner code whose options (each of them, for a reduction's inner learners) read example weights from <c>Weight</c>.</summary>
    private static string ReadingWeights(string learner) =>
        string.Join('\n', learner.Split('\n').SelectMany(line => line.Trim() == "FeatureColumnName = \"Features\","
            ? new[] { line, line[..line.IndexOf('F', StringComparison.Ordinal)] + "ExampleWeightColumnName = \"Weight\"," }
            : [line]));

    /// <summary>
    /// The platform's check of example weights, when the table has a weight role: a finite number of at least 0
    /// in every row.
    /// </summary>
    private IEnumerable<string> WeightCheck(RowClass rows)
    {
        if (Roles.Weight is not { } weight)
        {
            return [];
        }

        var w = rows.Shape[weight].Property;
        return
        [
            $"for (var i = 0; i < table.Count; i++)",
            "{",
            $"    if (!double.IsFinite(table[i].{w}) || table[i].{w} < 0)",
            "    {",
            $"        throw new InvalidDataException($\"the weight column '{weight}' has {{table[i].{w}}} in row {{i + 1}}; example weights must be finite numbers of at least 0\");",
            "    }",
            "}",
            "",
        ];
    }

    /// <summary>Whether the platform calibrated the learner's scores: the saved chain's learner part is then a learner and its calibrator.</summary>
    private static bool Calibrated(ITransformer model) =>
        model is TransformerChain<ITransformer> chain && chain.Count() == 3 && chain.ElementAt(1) is TransformerChain<ITransformer>;

    /// <summary>Learner code whose options type is in ML.NET's <c>Microsoft.ML.Trainers</c> namespace.</summary>
    protected static string InTrainersNamespace(StepCode step, string code)
    {
        step.Code.Usings.Add("Microsoft.ML.Trainers");
        return code;
    }

    /// <summary>The learner as code: an expression over <c>learner</c> (its own MLContext) reading <c>Label</c> and <c>Features</c>; null when not generated yet.</summary>
    protected virtual string? LearnerCode(StepCode step) => null;

    /// <summary>The training rows as code, in the order the learner reads them: by default the step's rows (<c>table</c>) as they come.</summary>
    protected virtual string TrainingRowsCode(StepCode step, RowClass rows) => "table";

    /// <summary>What the learner reads instead of <c>featurized</c> (a ranking group key, a transformed label), as an expression over it; null when it reads <c>featurized</c>.</summary>
    protected virtual string? LearnerViewCode(StepCode step) => null;

    /// <summary>Finishing the fitted learner (<c>learned</c>), as an expression; null when it is used as it is.</summary>
    protected virtual string? CompleteCode(StepCode step) => null;

    /// <summary>The estimator turning the learner's output into <c>Prediction</c>, as code; null when not generated yet.</summary>
    protected virtual string? OutputCode(ModelCard card) => null;

    /// <summary>The featurization the platform chose: planned again, the same way, on the same training rows (through the bound transform, if any).</summary>
    private async Task<FeaturePlan> PlanAsync(MLContext ml, StepCode step, ModelCard card, ITransformer? transform, CancellationToken cancellationToken)
    {
        var frame = await ParquetTables.ReadAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        if (card.Label is { } label && frame.Columns.IndexOf(label) >= 0)
        {
            var values = LabelValues.Read(frame.Columns[label]);
            frame = frame.Filter(new BooleanDataFrameColumn("labeled", values.Select(v => v is not null)));
        }

        var data = transform is null ? frame : transform.Transform(frame);
        return AutoFeaturizer.Plan(ml, TableProfile.Of(data, cancellationToken), NonFeatureColumns.ToList(), NormalizeFeatures, step.Name);
    }
}
