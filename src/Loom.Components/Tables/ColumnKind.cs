namespace Loom.Components.Tables;

/// <summary>The type a CSV column is read as.</summary>
internal enum ColumnKind
{
    /// <summary>64-bit float, exact for integers up to 2^53 (ids, timestamps); missing values become NaN.</summary>
    Number,

    /// <summary>true/false without missing values.</summary>
    Boolean,

    /// <summary>Text; missing values become the empty string.</summary>
    Text,
}
