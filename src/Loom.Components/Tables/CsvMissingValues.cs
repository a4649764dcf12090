namespace Loom.Components.Tables;

/// <summary>
/// Tells whether a field is one of the tokens that mean "missing", comparing spans so no string is made per
/// field. The tokens are few and short, so a mask of their lengths rejects most fields without comparing text.
/// </summary>
internal sealed class CsvMissingValues
{
    private readonly string[] tokens;
    private readonly ulong lengths;

    public CsvMissingValues(IEnumerable<string> tokens)
    {
        this.tokens = [.. tokens.Distinct(StringComparer.Ordinal)];
        foreach (var token in this.tokens)
        {
            lengths |= token.Length < 64 ? 1UL << token.Length : 0;
        }
    }

    /// <summary>Whether the field, as read (quotes undone, not trimmed), is a missing-value token.</summary>
    public bool Matches(ReadOnlySpan<char> field)
    {
        if (field.Length < 64 && (lengths & (1UL << field.Length)) == 0)
        {
            return false;
        }

        foreach (var token in tokens)
        {
            if (field.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }
}
