using Loom.Sdk;

namespace Loom.Benchmarks;

/// <summary>A component that does nothing but read its input and write 16 bytes: what is left is orchestration.</summary>
[Component("bench.noop", "1.0.0", Category = "bench", Description = "Reads its optional input and writes a tiny output.")]
[Input("in", ArtifactKind.File, Description = "The previous step's output.", Optional = true)]
[Output("out", ArtifactKind.File, Description = "16 bytes.")]
internal sealed class NoOp : IComponent
{
    [Parameter("index", Description = "Makes each step's output distinct.")]
    public int Index { get; set; }

    public Task ExecuteAsync(IComponentContext context)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes, Index);
        return context.WriteOutputAsync("out", (stream, ct) => stream.WriteAsync(bytes, ct).AsTask());
    }
}
