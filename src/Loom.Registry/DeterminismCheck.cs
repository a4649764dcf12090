using System.Globalization;
using System.Security.Cryptography;
using Loom.Components;
using Loom.Pipelines.Catalog;
using Loom.Sdk;
using Loom.Sdk.Testing;
using Loom.Worker;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Loom.Registry;

/// <summary>
/// The gate's determinism stage: the component runs twice in the worker, with its example's parameters, on the
/// upload's sample inputs (<c>sample/PORT.csv</c> for a table, <c>sample/PORT.*</c> for any other input), with one
/// seed; both runs must write the same bytes to every output.
/// </summary>
internal static class DeterminismCheck
{
    public const string SampleFolder = "sample";

    private const int Seed = 42;

    public static async Task<(IReadOnlyList<GateFinding> Findings, string Summary)> CheckAsync(
        string upload, string assembly, DescribedComponent component, ComponentManifest manifest, GateOptions options, string folder, CancellationToken cancellationToken)
    {
        var findings = new List<GateFinding>();
        var parameters = ExampleParameters(manifest, findings);
        var inputs = await SampleInputsAsync(upload, manifest, Path.Combine(folder, "inputs"), findings, cancellationToken).ConfigureAwait(false);
        if (findings.Count > 0)
        {
            return (findings, "");
        }

        var client = new WorkerClient(options.Worker);
        var runs = new List<IReadOnlyDictionary<string, string>>();
        for (var run = 1; run <= 2; run++)
        {
            var request = new WorkerRequest(WorkerRequest.Run, assembly, component.TypeName, "sample", Seed, ManifestJson.WriteValues(parameters), inputs, Directory.CreateDirectory(Path.Combine(folder, $"run-{run}")).FullName);
            try
            {
                runs.Add(await client.RunAsync(request, options.RunLimits, _ => { }, cancellationToken).ConfigureAwait(false));
            }
            catch (LoomException e)
            {
                return ([new GateFinding($"run {run} on the sample inputs failed: {e.Message}", SampleFolder, "make the component succeed on its sample inputs with its example's parameters (run its tests the same way)")], "");
            }
        }

        foreach (var port in manifest.Outputs.Select(o => o.Name))
        {
            if (!runs[0].TryGetValue(port, out var one) || !runs[1].TryGetValue(port, out var two))
            {
                findings.Add(new GateFinding($"output '{port}' was not written by both runs", component.TypeName, "write every declared output on every run"));
                continue;
            }

            var (first, second) = (Hash(one), Hash(two));
            if (first != second)
            {
                findings.Add(new GateFinding(
                    $"output '{port}' differs between two runs with seed {Seed} ({first[..12]} vs {second[..12]})",
                    component.TypeName,
                    "draw random numbers only from context.Random or context.Seed, and do not depend on the time, on unordered collections or on thread timing"));
            }
        }

        return (findings, findings.Count == 0 ? $"two runs with seed {Seed} wrote the same {manifest.Outputs.Count} output(s)" : $"two runs with seed {Seed}");
    }

    /// <summary>The parameters of the manifest's example step, in their canonical form.</summary>
    private static Dictionary<string, object?> ExampleParameters(ComponentManifest manifest, List<GateFinding> findings)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        Dictionary<object, object?>? step;
        try
        {
            var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(manifest.Example);
            step = document?.Values.FirstOrDefault() as Dictionary<object, object?>;
        }
        catch (YamlException e)
        {
            findings.Add(new GateFinding($"the example step is not valid YAML: {e.Message}", "Example", "write the example as one step in YAML flow style, such as 'flags: { component: acme.flags@1, params: { column: amount } }'"));
            return values;
        }

        var given = step?.GetValueOrDefault("params") as Dictionary<object, object?> ?? [];
        foreach (var (key, value) in given)
        {
            var name = Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";
            var parameter = manifest.FindParameter(name);
            var canonical = parameter is null ? null : ParameterValues.Normalize(parameter.Type, value is List<object?> list ? list.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray() : value);
            if (parameter is null || canonical is null || ParameterValues.Check(parameter, canonical) is not null)
            {
                findings.Add(new GateFinding($"the example gives parameter '{name}' the value '{value}', which the component does not take", "Example", "give the example only declared parameters, with valid values"));
                continue;
            }

            values[name] = canonical;
        }

        foreach (var missing in manifest.Parameters.Where(p => p.Required && !values.ContainsKey(p.Name)))
        {
            findings.Add(new GateFinding($"the example gives no value for required parameter '{missing.Name}'", "Example", $"add '{missing.Name}' to the example's params"));
        }

        return values;
    }

    /// <summary>The upload's sample file for each input port; tables are read from CSV as data.read-csv reads them.</summary>
    private static async Task<List<WorkerInput>> SampleInputsAsync(string upload, ComponentManifest manifest, string folder, List<GateFinding> findings, CancellationToken cancellationToken)
    {
        var samples = Path.Combine(upload, SampleFolder);
        var inputs = new List<WorkerInput>();
        foreach (var port in manifest.Inputs)
        {
            var file = Directory.Exists(samples) ? Directory.EnumerateFiles(samples, port.Name + ".*").Order(StringComparer.Ordinal).FirstOrDefault() : null;
            if (file is null)
            {
                if (!port.Optional)
                {
                    findings.Add(new GateFinding(
                        $"input '{port.Name}' has no sample",
                        $"{SampleFolder}/",
                        port.Kind == ArtifactKind.Table ? $"add {SampleFolder}/{port.Name}.csv with a few real rows the example step works on" : $"add {SampleFolder}/{port.Name}.* (a {ManifestDocument.Kind(port.Kind)} the component reads)"));
                }

                continue;
            }

            if (port.Kind == ArtifactKind.Table && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new GateFinding($"the sample of table input '{port.Name}' is {Path.GetFileName(file)}, not a CSV file", $"{SampleFolder}/", $"give it as {SampleFolder}/{port.Name}.csv"));
                continue;
            }

            var path = port.Kind == ArtifactKind.Table
                ? await ReadCsvAsync(file, Path.Combine(folder, port.Name), cancellationToken).ConfigureAwait(false)
                : file;
            inputs.Add(new WorkerInput(port.Name, port.Kind, Hash(path), path));
        }

        return inputs;
    }

    private static async Task<string> ReadCsvAsync(string csv, string folder, CancellationToken cancellationToken)
    {
        var reader = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly).Resolve("data.read-csv", "1")!
            .Create(new Dictionary<string, object?> { ["path"] = Path.GetFullPath(csv) });
        var context = new FolderContext(folder) { CancellationToken = cancellationToken };
        await reader.ExecuteAsync(context).ConfigureAwait(false);
        return context.Outputs["table"];
    }

    private static string Hash(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
