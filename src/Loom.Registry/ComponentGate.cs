using Loom.Execution;
using Loom.Sdk;
using Loom.Worker;

namespace Loom.Registry;

/// <summary>
/// The quality gate a component passes before anyone can use it: the upload's shape, its build (with the gate's
/// settings: its Loom.Sdk, nullable on, warnings and the component rules as errors), its own tests, its manifest,
/// and determinism. It stops at the first stage that fails, reporting every finding of that stage.
/// </summary>
/// <param name="options">What the gate works with.</param>
public sealed class ComponentGate(GateOptions options)
{
    /// <summary>Checks the upload in <paramref name="upload"/> (a folder the upload checks passed); the outcome holds the built component when it passed.</summary>
    /// <param name="upload">The component's files.</param>
    /// <param name="isBuiltIn">Whether a name is a built-in component's.</param>
    /// <param name="cancellationToken">Stops the gate and whatever it runs.</param>
    public async Task<GateOutcome> CheckAsync(string upload, Func<string, bool> isBuiltIn, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("loom-gate-").FullName;
        try
        {
            var outcome = await RunStagesAsync(upload, isBuiltIn, folder, cancellationToken).ConfigureAwait(false);
            if (outcome.Component is null)
            {
                Folders.TryDelete(folder);
            }

            return outcome;
        }
        catch
        {
            Folders.TryDelete(folder);
            throw;
        }
    }

    private async Task<GateOutcome> RunStagesAsync(string upload, Func<string, bool> isBuiltIn, string folder, CancellationToken cancellationToken)
    {
        var stages = new List<GateStage>();
        GateOutcome Stop(GateStage failed) => new(new GateReport([.. stages, failed]), null, folder);

        var (project, uploadFindings) = UploadChecks.Check(upload);
        if (project is null)
        {
            return Stop(GateStage.Of("upload", uploadFindings));
        }

        stages.Add(GateStage.Pass("upload", $"{project.Component}, tested by {string.Join(", ", project.Tests)}"));
        var build = new GateBuild(options, folder);
        await build.PrepareAsync(upload, project, cancellationToken).ConfigureAwait(false);

        // The component is built and published (and zipped) before any of the upload's test code runs, from a copy
        // that code never runs in; the tests build and run in a copy of their own.
        var (buildFindings, buildSummary) = await build.BuildAsync(project, cancellationToken).ConfigureAwait(false);
        var (assemblyFile, publishFinding) = buildFindings.Count == 0 ? await build.PublishAsync(project, cancellationToken).ConfigureAwait(false) : (null, null);
        if (assemblyFile is null)
        {
            return Stop(GateStage.Of("build", publishFinding is null ? buildFindings : [publishFinding], buildSummary));
        }

        stages.Add(GateStage.Pass("build", buildSummary));
        var (testFindings, testSummary) = await build.TestAsync(project, cancellationToken).ConfigureAwait(false);
        if (testFindings.Count > 0)
        {
            return Stop(GateStage.Of("tests", testFindings, testSummary));
        }

        stages.Add(GateStage.Pass("tests", testSummary));
        var assembly = Path.Combine(build.Unpack(), assemblyFile);
        IReadOnlyList<DescribedComponent> described;
        try
        {
            described = await new WorkerClient(options.Worker).DescribeAsync(assembly, options.RunLimits, cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException e)
        {
            return Stop(GateStage.Of("manifest", [new GateFinding($"the component's manifest could not be read: {e.Message}", assemblyFile, "make the component class constructible without arguments, its attributes valid, and its dependencies published with it")]));
        }

        var (component, manifest, manifestFindings) = ManifestChecks.Check(described, isBuiltIn);
        if (manifestFindings.Count > 0 || component is null || manifest is null)
        {
            return Stop(GateStage.Of("manifest", manifestFindings));
        }

        stages.Add(GateStage.Pass("manifest", $"{manifest.Identity}: {manifest.Inputs.Count} input(s), {manifest.Outputs.Count} output(s), {manifest.Parameters.Count} parameter(s)"));
        IReadOnlyList<GateFinding> determinismFindings;
        string determinismSummary;
        try
        {
            (determinismFindings, determinismSummary) = await DeterminismCheck.CheckAsync(upload, assembly, component, manifest, options, Path.Combine(folder, "determinism"), cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException e)
        {
            (determinismFindings, determinismSummary) = ([new GateFinding($"the sample inputs could not be read: {e.Message}", DeterminismCheck.SampleFolder, "make the sample files valid CSV (tables) or files of the input's kind")], "");
        }

        if (determinismFindings.Count > 0)
        {
            return Stop(GateStage.Of("determinism", determinismFindings, determinismSummary));
        }

        stages.Add(GateStage.Pass("determinism", determinismSummary));
        return new GateOutcome(new GateReport(stages), new GatedComponent(build.PackageZip, assemblyFile, component.TypeName, manifest), folder);
    }
}

/// <summary>What the gate decided, and the built component when it passed (in a folder the outcome deletes when disposed).</summary>
/// <param name="Report">The report.</param>
/// <param name="Component">The built component, or null when the gate failed.</param>
/// <param name="Folder">The gate's working folder.</param>
public sealed record GateOutcome(GateReport Report, GatedComponent? Component, string Folder) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Folders.TryDelete(Folder);
}

/// <summary>A component that passed the gate.</summary>
/// <param name="PackageZip">A zip of its assembly and dependencies, as published before any test ran.</param>
/// <param name="AssemblyFile">The assembly's file name in that folder.</param>
/// <param name="TypeName">The component class's full name.</param>
/// <param name="Manifest">Its manifest.</param>
public sealed record GatedComponent(string PackageZip, string AssemblyFile, string TypeName, ComponentManifest Manifest);
