using System.Collections.Concurrent;
using System.Text;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Tests;

[Component("test.emit", "1.0.0", Category = "test", Description = "Writes its text parameter as a file.")]
[Output("out", ArtifactKind.File, Description = "The text.")]
internal sealed class Emit : IComponent
{
    [Parameter("text", Description = "Content.")]
    public string Text { get; set; } = "hello";

    [Parameter("delay_ms", Description = "How long to take.")]
    public int DelayMs { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        await Task.Delay(DelayMs, context.CancellationToken);
        context.Logger.LogInformation("emitting {Text}", Text);
        await context.WriteOutputAsync("out", (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(Text), ct).AsTask());
    }
}

[Component("test.concat", "1.0.0", Category = "test", Description = "Concatenates two files.")]
[Input("a", ArtifactKind.File, Description = "First.")]
[Input("b", ArtifactKind.File, Description = "Second.", Optional = true)]
[Output("out", ArtifactKind.File, Description = "Both.")]
internal sealed class Concat : IComponent
{
    public async Task ExecuteAsync(IComponentContext context)
    {
        var text = await File.ReadAllTextAsync(context.GetInput("a").Path, context.CancellationToken);
        if (context.HasInput("b"))
        {
            text += await File.ReadAllTextAsync(context.GetInput("b").Path, context.CancellationToken);
        }

        await context.WriteOutputAsync("out", (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask());
    }
}

[Component("test.read-file", "1.0.0", Category = "test", Description = "Reads a file from the workspace.")]
[Output("out", ArtifactKind.File, Description = "The file's content.")]
internal sealed class ReadFile : IComponent
{
    [Parameter("path", Required = true, InputFile = true, Description = "File.")]
    public string Path { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var bytes = await File.ReadAllBytesAsync(Path, context.CancellationToken);
        await context.WriteOutputAsync("out", (s, ct) => s.WriteAsync(bytes, ct).AsTask());
    }
}

[Component("test.fail", "1.0.0", Category = "test", Description = "Fails while a flag file exists, permanently or transiently.")]
[Input("in", ArtifactKind.File, Description = "Anything.", Optional = true)]
[Output("out", ArtifactKind.File, Description = "Written once it succeeds.")]
internal sealed class Fail : IComponent
{
    [Parameter("flag", Description = "While this file exists the step fails; empty = always fail.")]
    public string Flag { get; set; } = "";

    [Parameter("transient", Description = "Whether the failure is transient.")]
    public bool Transient { get; set; }

    [Parameter("counter", Description = "File counting attempts; the step succeeds from attempt succeed_on (0 = never).")]
    public string Counter { get; set; } = "";

    [Parameter("succeed_on", Description = "Attempt from which to succeed when counting.")]
    public int SucceedOn { get; set; }

    public Task ExecuteAsync(IComponentContext context)
    {
        var failing = Flag.Length == 0 || File.Exists(Flag);
        if (Counter.Length > 0)
        {
            var count = (File.Exists(Counter) ? int.Parse(File.ReadAllText(Counter), System.Globalization.CultureInfo.InvariantCulture) : 0) + 1;
            File.WriteAllText(Counter, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            failing = SucceedOn == 0 || count < SucceedOn;
        }

        if (failing)
        {
            throw Transient ? new TransientException("service busy") : new DataException("column 'x' is missing");
        }

        return context.WriteOutputAsync("out", (s, ct) => s.WriteAsync("ok"u8.ToArray(), ct).AsTask());
    }
}

[Component("test.crash", "1.0.0", Category = "test", Description = "Throws an unexpected exception.")]
[Output("out", ArtifactKind.File, Description = "Never written.")]
internal sealed class Crash : IComponent
{
    public Task ExecuteAsync(IComponentContext context) => throw new InvalidOperationException("bug in component");
}

[Component("test.lazy", "1.0.0", Category = "test", Description = "Forgets to write its output.")]
[Output("out", ArtifactKind.File, Description = "Never written.")]
internal sealed class Lazy : IComponent
{
    public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
}

[Component("test.hang", "1.0.0", Category = "test", Description = "Never finishes and ignores cancellation.")]
[Output("out", ArtifactKind.File, Description = "Never written.")]
internal sealed class Hang : IComponent
{
    public Task ExecuteAsync(IComponentContext context) => Task.Delay(Timeout.Infinite, CancellationToken.None);
}

[Component("test.wait", "1.0.0", Category = "test", Description = "Waits until cancelled, or until a barrier is reached by its peers.")]
[Input("in", ArtifactKind.File, Description = "Something to wait for.", Optional = true)]
[Output("out", ArtifactKind.File, Description = "Written after the barrier.")]
internal sealed class Wait : IComponent
{
    public static readonly ConcurrentDictionary<string, Barrier> Barriers = new();

    [Parameter("barrier", Description = "Barrier name; empty = wait for cancellation.")]
    public string Barrier { get; set; } = "";

    [Parameter("id", Description = "Distinguishes otherwise identical steps.")]
    public string Id { get; set; } = "";

    [Parameter("wait_seconds", Description = "How long to wait for the peers at the barrier.")]
    public double WaitSeconds { get; set; } = 20;

    public async Task ExecuteAsync(IComponentContext context)
    {
        if (Barrier.Length == 0)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        var met = await Task.Run(() => Barriers[Barrier].SignalAndWait(TimeSpan.FromSeconds(WaitSeconds), context.CancellationToken), context.CancellationToken);
        if (!met)
        {
            throw new InvalidOperationException("the other step never reached the barrier: steps did not run in parallel");
        }

        await context.WriteOutputAsync("out", (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(Id), ct).AsTask());
    }
}
