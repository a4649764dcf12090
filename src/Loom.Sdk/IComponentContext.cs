using Microsoft.Extensions.Logging;

namespace Loom.Sdk;

/// <summary>What a step gets from Loom while it runs: inputs, outputs, logging, cancellation, randomness.</summary>
public interface IComponentContext
{
    /// <summary>The step's name in its pipeline.</summary>
    string StepName { get; }

    /// <summary>Logger whose messages are stored with the run and shown by <c>loom logs</c>.</summary>
    ILogger Logger { get; }

    /// <summary>Signalled when the run is cancelled or the step's timeout expires.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Seed for every random choice the step makes; fixed for a given pipeline and step.</summary>
    int Seed { get; }

    /// <summary>A random source seeded with <see cref="Seed"/>: the same draws on every run of the step.</summary>
    Random Random { get; }

    /// <summary>A folder private to this attempt for temporary files; deleted afterwards.</summary>
    string ScratchDirectory { get; }

    /// <summary>Whether an optional input port is bound.</summary>
    bool HasInput(string port);

    /// <summary>Returns the artifact bound to an input port.</summary>
    InputArtifact GetInput(string port);

    /// <summary>
    /// Writes an output port: <paramref name="write"/> fills the stream, and Loom stores the bytes
    /// under their hash once it returns.
    /// </summary>
    Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write);

    /// <summary>Reports progress of long work, as a fraction between 0 and 1.</summary>
    void ReportProgress(double fraction, string? message = null);
}
