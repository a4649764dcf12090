using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary>Reads a pipeline file named on the command line, with an error that names it.</summary>
internal static class PipelineFile
{
    public static async Task<string> ReadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{file}: cannot read the pipeline file: {e.Message}");
        }
    }
}
