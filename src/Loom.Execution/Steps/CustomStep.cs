using System.IO.Compression;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Worker;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>
/// One attempt of a custom component's step: its published package unpacked (once per package), the step run in a
/// worker process within the step's time and memory limits, its logs and progress passed on as they come, and the
/// files it wrote stored as the step's outputs.
/// </summary>
internal static class CustomStep
{
    public static async Task RunAsync(RunScope scope, PlannedStep step, StepContext context, IReadOnlyDictionary<string, InputArtifact> inputs, CancellationToken cancellationToken)
    {
        var package = step.Component.Package!;
        var launch = scope.Options.Worker
            ?? throw new LoomException($"{step.Component.Manifest.Identity} is a custom component, which runs in a worker process ('loom worker'), and this host cannot start one");
        var folder = await UnpackAsync(scope, package, cancellationToken).ConfigureAwait(false);
        var work = Path.Combine(context.ScratchDirectory, "worker");
        var request = new WorkerRequest(
            WorkerRequest.Run,
            Path.Combine(folder, package.AssemblyFile),
            package.TypeName,
            step.Name,
            context.Seed,
            ManifestJson.WriteValues(step.Parameters),
            [.. inputs.Values.Select(i => new WorkerInput(i.Port, i.Kind, i.Sha256, i.Path))],
            Directory.CreateDirectory(work).FullName);

        // The attempt's own timeout cancels the token, which kills the worker; the worker's limit is a backstop.
        var limits = new ProcessLimits((step.Timeout ?? scope.Options.DefaultTimeout) + TimeSpan.FromSeconds(30), step.MemoryBytes ?? scope.Options.CustomStepMemoryBytes);
        var outputs = await new WorkerClient(launch).RunAsync(request, limits, report => Pass(context, report), cancellationToken).ConfigureAwait(false);
        var stepFolder = Path.GetFullPath(work) + Path.DirectorySeparatorChar;
        foreach (var (port, file) in outputs)
        {
            // The worker's report comes from a process running the component's code: take only regular files it wrote in its own folder.
            var path = Path.GetFullPath(file);
            if (!path.StartsWith(stepFolder, StringComparison.Ordinal) || new FileInfo(path) is not { Exists: true, LinkTarget: null })
            {
                throw new LoomException($"{step.Component.Manifest.Identity} reported output '{port}' at {file}, which is not a file it wrote in its step's folder");
            }

            await context.WriteOutputAsync(port, async (stream, token) =>
            {
                await using var written = File.OpenRead(path);
                await written.CopyToAsync(stream, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
    }

    private static void Pass(StepContext context, WorkerMessage report)
    {
        if (report.Type == WorkerMessage.Progress)
        {
            context.ReportProgress(report.Fraction ?? 0, report.Message);
            return;
        }

#pragma warning disable CA2254 // The message is the component's own text, already formatted.
        context.Logger.Log(Enum.TryParse<LogLevel>(report.Level, out var level) ? level : LogLevel.Information, report.Message ?? "");
#pragma warning restore CA2254
    }

    /// <summary>The folder holding the package's files, unpacked from the artifact store on first use.</summary>
    private static async Task<string> UnpackAsync(RunScope scope, PublishedPackage package, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(scope.PackagesRoot, package.PackageSha256);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var zip = await scope.Artifacts.TryGetVerifiedPathAsync(package.PackageSha256, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"the package of the published component {package.TypeName} ({package.PackageSha256[..12]}) is missing from the artifact store; publish the component again");
        var staging = folder + $".{Guid.NewGuid():N}.tmp";
        try
        {
            await ZipFile.ExtractToDirectoryAsync(zip, staging, cancellationToken).ConfigureAwait(false);
            Directory.Move(staging, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another step unpacked it meanwhile.
        }
        finally
        {
            Folders.TryDelete(staging);
        }

        return folder;
    }
}
