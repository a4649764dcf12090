using Loom.Sdk;

namespace Loom.Pipelines.Validation;

/// <summary>A pipeline document has errors; nothing was run.</summary>
public sealed class PipelineValidationException : LoomException
{
    /// <summary>Creates the error from every problem found.</summary>
    public PipelineValidationException(IReadOnlyList<PipelineError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<PipelineError> Errors { get; }

    private static string Describe(IReadOnlyList<PipelineError> errors) =>
        $"{errors.Count} error(s) in pipeline:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
