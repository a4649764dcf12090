using System.IO.Compression;
using Loom.Components.CodeGen;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;

namespace Loom.CodeGen;

/// <summary>
/// <c>loom codegen</c>: writes a standalone .NET solution for the pipeline a run executed — the model
/// library, the training console app and the tests — with the run's model, data and expected results.
/// </summary>
public static class SolutionGenerator
{
    /// <summary>
    /// Generates into <paramref name="folder"/>, which must not exist or be empty, leaving out the steps in
    /// <paramref name="leaveOut"/> (and those that read them); returns the files written. A pipeline with custom
    /// components carries their source, and <paramref name="sdkPackage"/>, the Loom.Sdk package they are written against.
    /// </summary>
    public static async Task<IReadOnlyList<string>> GenerateAsync(Workspace workspace, ComponentCatalog catalog, RunRecord run, string folder, IReadOnlyCollection<string> leaveOut, CancellationToken cancellationToken, string? sdkPackage = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status != RunStatus.Succeeded)
        {
            throw new CodeGenException($"run {run.Id[..12]} is {run.Status.ToString().ToLowerInvariant()}; code is generated from a succeeded run");
        }

        var root = Path.GetFullPath(folder);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new CodeGenException($"{folder}: the folder is not empty; give a new or empty folder");
        }

        var pipeline = await PipelineEmitter.EmitAsync(workspace, catalog, run, leaveOut, cancellationToken).ConfigureAwait(false);
        if (pipeline.Carried.Count > 0 && sdkPackage is null)
        {
            throw new CodeGenException($"pipeline '{run.PipelineName}' uses custom components ({string.Join(", ", pipeline.Carried.Select(c => c.Folder))}), whose source the solution carries with the Loom.Sdk package; this loom carries none");
        }

        var model = ModelFacts.Read(pipeline.Artifacts.Model);
        var n = pipeline.Code.Name;
        var files = new List<(string File, string Text)>();
        files.AddRange(ModelClassesWriter.Write(pipeline, model).Select(f => ($"src/{n}.Model/{f.File}", f.Text)));
        files.AddRange(HelperWriter.Write(pipeline).Select(f => ($"src/{n}.Model/{f.File}", f.Text)));
        files.Add(($"src/{n}.Model/{n}Training.cs", TrainingClassWriter.Write(pipeline, run.PipelineName)));
        files.AddRange(ProjectWriter.Write(pipeline, model, sdkPackage is null ? null : Path.GetFileNameWithoutExtension(sdkPackage)["Loom.Sdk.".Length..]));
        var schema = await ApiSchemaOf(pipeline, model, cancellationToken).ConfigureAwait(false);
        files.AddRange(ApiWriter.Write(pipeline, schema));
        files.AddRange(ApiTestsWriter.Write(pipeline, model, schema));
        files.AddRange(DeploymentWriter.Write(pipeline));
        files.Add(("README.md", ReadmeWriter.Write(pipeline, run, schema.Samples[0])));

        // Written to a sibling temporary folder and moved into place, so a failure leaves nothing half-written.
        var staging = root + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            foreach (var (file, text) in files)
            {
                var path = Path.Combine(staging, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (source, target) in pipeline.Code.DataFiles)
            {
                var path = Path.Combine(staging, target);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(source, path);
            }

            foreach (var component in pipeline.Carried)
            {
                CarrySource(component, staging);
            }

            if (pipeline.Carried.Count > 0)
            {
                Directory.CreateDirectory(Path.Combine(staging, "packages"));
                File.Copy(sdkPackage!, Path.Combine(staging, "packages", Path.GetFileName(sdkPackage!)));
            }

            Directory.CreateDirectory(Path.Combine(staging, "models"));
            ModelFacts.ExtractModel(pipeline.Artifacts.Model, Path.Combine(staging, "models", "model.zip"), $"{n}.Model, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null");
            var expected = Path.Combine(staging, "tests", $"{n}.Tests", "expected");
            Directory.CreateDirectory(expected);
            if (pipeline.Artifacts is { EvaluationTable: { } table, Metrics: { } metrics })
            {
                await ModelFacts.WritePredictionsAsync(pipeline.Artifacts.Model, table, Path.Combine(expected, "predictions.jsonl"), cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(expected, "metrics.json"), MetricsOf(metrics), cancellationToken).ConfigureAwait(false);
                foreach (var (output, file) in pipeline.Artifacts.OtherMetrics)
                {
                    Directory.CreateDirectory(Path.Combine(expected, "metrics"));
                    await File.WriteAllTextAsync(Path.Combine(expected, "metrics", output + ".json"), MetricsOf(file), cancellationToken).ConfigureAwait(false);
                }

                foreach (var (output, file) in pipeline.Artifacts.Files)
                {
                    Directory.CreateDirectory(Path.Combine(expected, "files"));
                    File.Copy(file, Path.Combine(expected, "files", output));
                }
            }

            if (Directory.Exists(root))
            {
                Directory.Delete(root);
            }

            Directory.Move(staging, root);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return files.Select(f => f.File).Concat(pipeline.Code.DataFiles.Values).Concat(CarriedFiles(pipeline, sdkPackage)).Append("models/model.zip").ToList();
    }

    /// <summary>Writes a custom component's published source into the solution.</summary>
    private static void CarrySource(CarriedComponent component, string solution)
    {
        using var zip = ZipFile.OpenRead(component.SourceZip);
        foreach (var (file, entry) in component.Files(zip))
        {
            var path = Path.GetFullPath(Path.Combine(solution, file));
            if (!path.StartsWith(Path.GetFullPath(solution) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CodeGenException($"component {component.Folder}: its source holds '{entry.FullName}', a path outside its folder");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path);
        }
    }

    private static IEnumerable<string> CarriedFiles(EmittedPipeline pipeline, string? sdkPackage)
    {
        foreach (var component in pipeline.Carried)
        {
            using var zip = ZipFile.OpenRead(component.SourceZip);
            foreach (var (file, _) in component.Files(zip))
            {
                yield return file;
            }
        }

        if (pipeline.Carried.Count > 0)
        {
            yield return $"packages/{Path.GetFileName(sdkPackage!)}";
        }
    }

    private static async Task<ApiSchema> ApiSchemaOf(EmittedPipeline pipeline, ModelFacts model, CancellationToken cancellationToken)
    {
        var inputs = model.Inputs.Select(name => pipeline.ModelRows.Shape[name]).ToList();
        var samples = pipeline.Artifacts.EvaluationTable is { } table
            ? await ModelFacts.SampleInputsAsync(pipeline.Artifacts.Model, table, 3, cancellationToken).ConfigureAwait(false)
            : [];
        if (samples.Count == 0)
        {
            // Without test rows, a row of missing values (false for booleans, which are never missing) is the sample.
            samples = ["{" + string.Join(",", inputs.Select(c => $"{System.Text.Json.JsonSerializer.Serialize(c.Name)}:{(c.Kind == "boolean" ? "false" : "null")}")) + "}"];
        }

        return new ApiSchema(pipeline.Code.Name + "Request", inputs, samples);
    }

    private static string MetricsOf(string metricsArtifact)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(metricsArtifact));
        return document.RootElement.GetProperty("metrics").GetRawText() + "\n";
    }
}
