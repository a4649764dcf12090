using System.Text.RegularExpressions;
using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>A pipeline turned into code pieces: one method per step, how they call each other, and what they share.</summary>
/// <param name="Code">What the steps share (row class, packages, data files).</param>
/// <param name="Steps">The steps in execution order.</param>
/// <param name="Options">The pipeline's parameters that steps read, as training options.</param>
/// <param name="Fixed">The pipeline's other parameters, whose run values the steps' code holds as literals.</param>
/// <param name="Outputs">The pipeline's outputs.</param>
/// <param name="ServedModel">The variable of the model the predictor serves (the output named 'model', else the first model output).</param>
/// <param name="EvaluationRows">The variable of the table the served model is evaluated on, if an evaluation step reads it.</param>
/// <param name="Metrics">The variable of the metrics of that evaluation, if any.</param>
/// <param name="Artifacts">The run's artifacts behind the served model, its evaluation rows and metrics.</param>
/// <param name="ModelRows">The rows the served model was trained on: its input class is made of their columns.</param>
/// <param name="EvaluationRowClass">The class of the rows it is evaluated on, if an evaluation step reads them.</param>
public sealed partial record EmittedPipeline(
    CodeModel Code,
    IReadOnlyList<EmittedStep> Steps,
    IReadOnlyList<TrainingOption> Options,
    IReadOnlyList<TrainingOption> Fixed,
    IReadOnlyList<EmittedOutput> Outputs,
    string ServedModel,
    string? EvaluationRows,
    string? Metrics,
    RunArtifacts Artifacts,
    RowClass ModelRows,
    RowClass? EvaluationRowClass)
{
    /// <summary>The steps left out of the code, and why.</summary>
    public IReadOnlyList<LeftOutStep> LeftOut { get; init; } = [];

    /// <summary>The custom components whose source the solution carries, in the order steps use them.</summary>
    public IReadOnlyList<CarriedComponent> Carried { get; init; } = [];

    /// <summary>The extension of a file output, as the step that makes it names its <c>DataFile</c>.</summary>
    public string FileExtension(EmittedOutput output) =>
        DataFileExtension().Match(string.Join("\n", Steps.Single(s => s.Name == output.Source.Step).Method.Body)).Groups[1].Value;

    [GeneratedRegex("new DataFile\\(\"([a-z]+)\"")]
    private static partial Regex DataFileExtension();
}

/// <summary>A step the generated code leaves out.</summary>
/// <param name="Name">The step.</param>
/// <param name="Identity">Its component, as <c>name@version</c>.</param>
/// <param name="Why">Asked for, or reads a step that is left out.</param>
public sealed record LeftOutStep(string Name, string Identity, string Why);

/// <summary>Paths of the run's artifacts that the generated tests compare against.</summary>
/// <param name="Model">The served model.</param>
/// <param name="EvaluationTable">The rows it was evaluated on.</param>
/// <param name="Metrics">The metrics of that evaluation.</param>
public sealed record RunArtifacts(string Model, string? EvaluationTable, string? Metrics)
{
    /// <summary>The files among the pipeline's outputs, by output name: what the retrained code must write again.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The metrics among the pipeline's outputs other than the served model's evaluation, by output name: what the retrained code must measure again.</summary>
    public IReadOnlyDictionary<string, string> OtherMetrics { get; init; } = new Dictionary<string, string>();
}

/// <summary>One step: its name, component, method, the variables its outputs go to, and the variables it reads.</summary>
public sealed record EmittedStep(string Name, string Identity, StepMethod Method, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Arguments)
{
    /// <summary>The method's name in the training class: the step's name, unless a type or member of the generated code has it.</summary>
    public string MethodName { get; init; } = CSharpNames.Pascal(Name);
}

/// <summary>A pipeline parameter as a property of the training options.</summary>
public sealed record TrainingOption(string Name, string Property, string Type, string Default, string Description);

/// <summary>A pipeline output as a property of the training result.</summary>
public sealed record EmittedOutput(string Name, string Property, string Type, string Variable, Loom.Pipelines.Documents.PortReference Source);
