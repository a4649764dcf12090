namespace Loom.Pipelines.Documents;

/// <summary>A value as written in a pipeline document, before it is typed: a scalar or a list of scalars.</summary>
/// <param name="Scalar">The scalar text, when the value is a scalar.</param>
/// <param name="Items">The items, when the value is a list.</param>
/// <param name="Quoted">Whether a scalar was quoted, which makes it a string even if it looks like a number.</param>
public sealed record RawValue(string? Scalar, IReadOnlyList<string>? Items, bool Quoted)
{
    /// <summary>Creates a scalar value.</summary>
    public static RawValue Of(string scalar, bool quoted = false) => new(scalar, null, quoted);

    /// <summary>Creates a list value.</summary>
    public static RawValue List(IReadOnlyList<string> items) => new(null, items, false);

    /// <summary>Whether the value is the YAML null (<c>~</c>, <c>null</c> or nothing).</summary>
    public bool IsNull => Items is null && !Quoted && Scalar is null or "" or "~" or "null";

    /// <inheritdoc />
    public override string ToString() => Items is null ? Scalar ?? "" : "[" + string.Join(", ", Items) + "]";
}
