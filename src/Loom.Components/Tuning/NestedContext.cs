using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Tuning;

/// <summary>
/// Lets a step run another built-in component in-process (a trainer for one fold or trial, then its
/// evaluator): inputs are files in the step's scratch folder, outputs are written there, and only the
/// nested component's warnings reach the step's log, once each, so the log stays a summary.
/// </summary>
internal sealed class NestedContext(IComponentContext parent, string name, IReadOnlyDictionary<string, string> inputs) : IComponentContext
{
    private readonly Dictionary<string, string> outputs = [];

    public string StepName => $"{parent.StepName} ({name})";

    public ILogger Logger { get; } = new NestedWarnings(parent.Logger, name);

    public CancellationToken CancellationToken => parent.CancellationToken;

    public int Seed => parent.Seed;

    public Random Random { get; } = new(parent.Seed);

    public string ScratchDirectory { get; } = Directory.CreateDirectory(Path.Combine(parent.ScratchDirectory, name)).FullName;

    /// <summary>The files written to each output port.</summary>
    public IReadOnlyDictionary<string, string> Outputs => outputs;

    public bool HasInput(string port) => inputs.ContainsKey(port);

    public InputArtifact GetInput(string port) =>
        inputs.TryGetValue(port, out var path) ? new InputArtifact(port, ArtifactKind.File, "", path) : throw new InvalidOperationException($"nested input '{port}' is not bound");

    public async Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = Path.Combine(ScratchDirectory, port + ".out");
        await using (var stream = File.Create(path))
        {
            await write(stream, CancellationToken).ConfigureAwait(false);
        }

        outputs[port] = path;
    }

    public void ReportProgress(double fraction, string? message = null)
    {
    }
}
