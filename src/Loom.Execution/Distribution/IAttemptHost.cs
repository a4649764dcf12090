using Microsoft.Extensions.Logging;

namespace Loom.Execution.Distribution;

/// <summary>
/// Where the attempts of steps do their work when not in the executor's own process — the nodes of a cluster. The
/// executor keeps scheduling, caching and recording; the host runs the component on artifacts of the shared
/// artifact store and says what it wrote there.
/// </summary>
public interface IAttemptHost
{
    /// <summary>Runs one attempt somewhere with room for it, and waits for it to end.</summary>
    /// <param name="work">What to run.</param>
    /// <param name="log">The attempt's log: where it runs, and why a node was given up on.</param>
    /// <param name="observer">Shown the log lines and progress of the work where it runs, as they come (where it runs records them).</param>
    /// <param name="cancellationToken">The step's timeout or the run's cancellation: stops the work wherever it runs.</param>
    /// <exception cref="AttemptLostException">The node running it died or left before it ended; the attempt may run again elsewhere.</exception>
    Task<AttemptOutcome> RunAsync(AttemptWork work, ILogger log, IRunObserver observer, CancellationToken cancellationToken);
}
