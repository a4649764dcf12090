using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loom.Components.CodeGen;

/// <summary>
/// The context a component's decision code gets while its step is written as code: the step's name and seed,
/// and nothing that reads or writes artifacts, so code generation can ask the component what it would choose
/// (such as whether its learner takes example weights) without running it.
/// </summary>
internal sealed class StepDecisionContext(StepCode step) : IComponentContext
{
    public string StepName => step.Name;

    public ILogger Logger => NullLogger.Instance;

    public CancellationToken CancellationToken => CancellationToken.None;

    public int Seed => step.Seed;

    public Random Random => throw Refused();

    public string ScratchDirectory => throw Refused();

    public bool HasInput(string port) => step.HasInput(port);

    public InputArtifact GetInput(string port) => throw Refused();

    public Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write) => throw Refused();

    public void ReportProgress(double fraction, string? message = null)
    {
    }

    private NotSupportedException Refused() => new($"step '{step.Name}': a component's decision code read or wrote data while its code was generated");
}
