using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loom.Components.CodeGen;

/// <summary>
/// A step's context while its code is written, for components whose code depends on what nested components
/// decide on data (cross-validation's fold models): the step's name and seed, and a scratch folder, deleted
/// on dispose, for the nested components' files. The step itself has no inputs or outputs here.
/// </summary>
internal sealed class ScratchContext(StepCode step, CancellationToken cancellationToken) : IComponentContext, IDisposable
{
    public string StepName => step.Name;

    public ILogger Logger => NullLogger.Instance;

    public CancellationToken CancellationToken => cancellationToken;

    public int Seed => step.Seed;

    public Random Random { get; } = new(step.Seed);

    public string ScratchDirectory { get; } = Directory.CreateTempSubdirectory("loom-codegen-").FullName;

    public bool HasInput(string port) => false;

    public InputArtifact GetInput(string port) => throw new InvalidOperationException($"step '{step.Name}': no input '{port}' while its code is written");

    public Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write) =>
        throw new InvalidOperationException($"step '{step.Name}': no output '{port}' while its code is written");

    public void ReportProgress(double fraction, string? message = null)
    {
    }

    public void Dispose() => Directory.Delete(ScratchDirectory, recursive: true);
}
