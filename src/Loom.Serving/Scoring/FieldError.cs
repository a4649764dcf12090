namespace Loom.Serving.Scoring;

/// <summary>What is wrong with one field of one row of a request.</summary>
/// <param name="Row">The row's place in the request (0 for a single row).</param>
/// <param name="Field">The field.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record FieldError(int Row, string Field, string Message);

/// <summary>A request's rows do not fit the model's schema; <see cref="Errors"/> says where.</summary>
public sealed class RowsRejectedException(IReadOnlyList<FieldError> errors)
    : Exception(errors.Count == 0 ? "the request has no rows" : $"row {errors[0].Row}, field '{errors[0].Field}': {errors[0].Message}")
{
    /// <summary>Every field in error, row by row.</summary>
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
