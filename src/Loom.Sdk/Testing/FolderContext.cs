using System.Security.Cryptography;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loom.Sdk.Testing;

/// <summary>
/// A step context over a folder, for a component's unit tests and for running a component outside Loom (as
/// generated code does): inputs are files (or tables written into the folder), outputs are written to files of
/// the folder, named after their ports. The seed is the caller's.
/// </summary>
public sealed class FolderContext : IComponentContext
{
    private readonly string folder;
    private readonly Dictionary<string, InputArtifact> inputs = [];
    private readonly Dictionary<string, string> outputs = [];
    private Random? random;

    /// <summary>A context for one step run, with its files in <paramref name="folder"/> (created if missing).</summary>
    public FolderContext(string folder, int seed = 42, string stepName = "step", ILogger? logger = null)
    {
        this.folder = Directory.CreateDirectory(folder).FullName;
        Seed = seed;
        StepName = stepName;
        Logger = logger ?? NullLogger.Instance;
        ScratchDirectory = Directory.CreateDirectory(Path.Combine(this.folder, "scratch")).FullName;
    }

    /// <inheritdoc/>
    public string StepName { get; }

    /// <inheritdoc/>
    public ILogger Logger { get; }

    /// <inheritdoc/>
    public CancellationToken CancellationToken { get; init; }

    /// <inheritdoc/>
    public int Seed { get; }

    /// <inheritdoc/>
    public Random Random => random ??= new Random(Seed);

    /// <inheritdoc/>
    public string ScratchDirectory { get; }

    /// <summary>The files written to each output port.</summary>
    public IReadOnlyDictionary<string, string> Outputs => outputs;

    /// <summary>Progress reported, in order.</summary>
    public IList<(double Fraction, string? Message)> Progress { get; } = [];

    /// <summary>Called with each progress report, as it is made.</summary>
    public Action<double, string?>? OnProgress { get; init; }

    /// <summary>Binds a file to an input port (its hash is computed unless given).</summary>
    public FolderContext WithInput(string port, string path, ArtifactKind kind = ArtifactKind.File, string? sha256 = null)
    {
        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        inputs[port] = new InputArtifact(port, kind, sha256, Path.GetFullPath(path));
        return this;
    }

    /// <summary>Writes a table into the folder as a table artifact and binds it to an input port.</summary>
    public async Task<FolderContext> WithTableAsync(string port, DataFrame table, ColumnRoles? roles = null)
    {
        var path = Path.Combine(folder, $"input-{port}.parquet");
        await using (var file = File.Create(path))
        {
            await ParquetTables.WriteAsync(table, file, roles, CancellationToken).ConfigureAwait(false);
        }

        return WithInput(port, path, ArtifactKind.Table);
    }

    /// <summary>Reads the table a step wrote to an output port.</summary>
    public Task<DataFrame> OutputTableAsync(string port) =>
        ParquetTables.ReadAsync(outputs.TryGetValue(port, out var path) ? path : throw new InvalidOperationException($"the step wrote no output '{port}'"), CancellationToken);

    /// <inheritdoc/>
    public bool HasInput(string port) => inputs.ContainsKey(port);

    /// <inheritdoc/>
    public InputArtifact GetInput(string port) =>
        inputs.TryGetValue(port, out var input) ? input : throw new InvalidOperationException($"input '{port}' is not bound; bind it with WithInput or WithTableAsync");

    /// <inheritdoc/>
    public async Task WriteOutputAsync(string port, Func<Stream, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = Path.Combine(folder, $"output-{port}");
        await using (var file = File.Create(path))
        {
            await write(file, CancellationToken).ConfigureAwait(false);
        }

        outputs[port] = path;
    }

    /// <inheritdoc/>
    public void ReportProgress(double fraction, string? message = null)
    {
        Progress.Add((fraction, message));
        OnProgress?.Invoke(fraction, message);
    }
}
