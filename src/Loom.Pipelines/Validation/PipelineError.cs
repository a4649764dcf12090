using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Validation;

/// <summary>One problem found in a pipeline document, with the place, step and port it concerns.</summary>
/// <param name="Location">Where in the file.</param>
/// <param name="Step">The step concerned, if any.</param>
/// <param name="Port">The port or parameter concerned, if any.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record PipelineError(SourceLocation Location, string? Step, string? Port, string Message)
{
    /// <summary>The step and port concerned, then the message, without the file location.</summary>
    public string Describe()
    {
        var subject = (Step, Port) switch
        {
            (not null, not null) => $"step '{Step}', '{Port}': ",
            (not null, null) => $"step '{Step}': ",
            (null, not null) => $"'{Port}': ",
            _ => "",
        };
        return subject + Message;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Describe()}";
}
