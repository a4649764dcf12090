using System.Text;

namespace Loom.Components.Tables;

/// <summary>How to read a CSV file.</summary>
/// <param name="Delimiter">Field separator.</param>
/// <param name="HasHeader">Whether the first record names the columns.</param>
/// <param name="MissingTokens">Field values that mean "missing".</param>
/// <param name="Overrides">Column types that replace the inferred ones.</param>
/// <param name="Encoding">Text encoding of the file.</param>
internal sealed record CsvReadOptions(string Delimiter, bool HasHeader, IReadOnlySet<string> MissingTokens, IReadOnlyDictionary<string, ColumnKind> Overrides, Encoding Encoding);
