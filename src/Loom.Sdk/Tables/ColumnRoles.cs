using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.Sdk.Tables;

/// <summary>
/// What some columns of a table are for, set once with <c>table.roles</c> and carried with the table
/// (in the Parquet file's key-value metadata) through every step that keeps those columns. Trainers and
/// features steps read them: the label is what to predict when a step names none; ids, the weight and
/// the group are never features; when feature columns are named, only they are.
/// </summary>
public sealed record ColumnRoles
{
    /// <summary>Key of the roles in a table file's key-value metadata.</summary>
    public const string MetadataKey = "loom.roles";

    /// <summary>No roles: every column is a candidate feature.</summary>
    public static readonly ColumnRoles None = new();

    /// <summary>The column to predict.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>The column of example weights.</summary>
    [JsonPropertyName("weight")]
    public string? Weight { get; init; }

    /// <summary>The column naming each row's group (a ranking query).</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>Identifier columns: kept, never features.</summary>
    [JsonPropertyName("ids")]
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>The only feature columns; empty when every column without another role is a feature.</summary>
    [JsonPropertyName("features")]
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Whether no column has a role.</summary>
    [JsonIgnore]
    public bool IsEmpty => Label is null && Weight is null && Group is null && Ids.Count == 0 && Features.Count == 0;

    /// <summary>Columns that have a role other than feature.</summary>
    [JsonIgnore]
    public IEnumerable<string> NonFeatures =>
        new[] { Label, Weight, Group }.OfType<string>().Concat(Ids);

    /// <summary>
    /// Columns a featurizer must leave out of a table with <paramref name="columns"/>: the columns with
    /// another role and, when feature columns are named, every column not named.
    /// </summary>
    public IEnumerable<string> NotFeatures(IEnumerable<string> columns) =>
        Features.Count == 0 ? NonFeatures : columns.Where(c => !Features.Contains(c)).Union(NonFeatures);

    /// <summary>The roles of the columns a table still has; roles of columns it lost are dropped.</summary>
    public ColumnRoles Restrict(IReadOnlyCollection<string> columns)
    {
        string? Keep(string? column) => column is not null && columns.Contains(column) ? column : null;
        return new()
        {
            Label = Keep(Label),
            Weight = Keep(Weight),
            Group = Keep(Group),
            Ids = Ids.Where(columns.Contains).ToList(),
            Features = Features.Where(columns.Contains).ToList(),
        };
    }

    /// <summary>The same roles after columns were renamed (old name to new name).</summary>
    public ColumnRoles Rename(IReadOnlyDictionary<string, string> renames)
    {
        string To(string column) => renames.TryGetValue(column, out var renamed) ? renamed : column;
        return new()
        {
            Label = Label is null ? null : To(Label),
            Weight = Weight is null ? null : To(Weight),
            Group = Group is null ? null : To(Group),
            Ids = Ids.Select(To).ToList(),
            Features = Features.Select(To).ToList(),
        };
    }

    /// <summary>
    /// The group column a step that divides rows should keep whole: the one it was given, else the
    /// group role when the step was told no other way to divide (stratify, time column).
    /// </summary>
    public string? GroupFor(string? given, params string?[] otherWays) =>
        !string.IsNullOrEmpty(given) ? given : otherWays.All(string.IsNullOrEmpty) ? Group : null;

    /// <summary>The roles as stored in a table file's metadata.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The roles stored in a table file's metadata; none when it has no roles.</summary>
    public static ColumnRoles FromMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(MetadataKey, out var json) && JsonSerializer.Deserialize<ColumnRoles>(json, Options) is { } roles ? roles : None;

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
