using Loom.Metadata.Artifacts;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>The <see cref="IComponentContext"/> of one attempt of one step.</summary>
internal sealed class StepContext(
    string stepName,
    ComponentManifest manifest,
    IReadOnlyDictionary<string, InputArtifact> inputs,
    IArtifactStore artifacts,
    ILogger logger,
    IRunObserver observer,
    int seed,
    string scratchDirectory,
    CancellationToken cancellationToken) : IComponentContext
{
    private readonly Dictionary<string, StoredArtifact> written = [];
    private readonly Lock gate = new();
    private Random? random;

    public string StepName => stepName;

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public int Seed => seed;

    public Random Random => random ??= new Random(seed);

    public string ScratchDirectory
    {
        get
        {
            Directory.CreateDirectory(scratchDirectory); // created on first use: most steps never need one
            return scratchDirectory;
        }
    }

    public IReadOnlyDictionary<string, StoredArtifact> Written
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, StoredArtifact>(written);
            }
        }
    }

    public bool HasInput(string port) => inputs.ContainsKey(port);

    public InputArtifact GetInput(string port)
    {
        if (inputs.TryGetValue(port, out var input))
        {
            return input;
        }

        throw manifest.FindInput(port) is null
            ? new InvalidOperationException($"{manifest.Identity} read input '{port}', which it does not declare")
            : new LoomException($"step '{stepName}': input '{port}' is not bound");
    }

    public async Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write)
    {
        if (manifest.FindOutput(port) is null)
        {
            throw new InvalidOperationException($"{manifest.Identity} wrote output '{port}', which it does not declare");
        }

        var stored = await artifacts.PutAsync(write, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            written[port] = stored;
        }
    }

    public void ReportProgress(double fraction, string? message = null)
    {
        try
        {
            observer.StepProgress(stepName, Math.Clamp(fraction, 0, 1), message);
        }
        catch (Exception)
        {
            // Progress display failures never fail the step.
        }
    }
}
