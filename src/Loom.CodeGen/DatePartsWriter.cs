namespace Loom.CodeGen;

/// <summary>
/// Writes DateParts.cs for a pipeline with features.date-parts: the platform's own mapping source, in the
/// generated library's namespace, so both compute the same parts under the contract name saved models record.
/// </summary>
internal static class DatePartsWriter
{
    private const string PlatformNamespace = "namespace Loom.Components.Features;";

    public static string Write(string name)
    {
        using var stream = typeof(DatePartsWriter).Assembly.GetManifestResourceStream("DateParts.cs")
            ?? throw new InvalidOperationException("the date-parts source is not embedded in this build");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd().ReplaceLineEndings("\n");
        return source.Contains(PlatformNamespace, StringComparison.Ordinal)
            ? source.Replace(PlatformNamespace, $"namespace {name}.Model;", StringComparison.Ordinal)
            : throw new InvalidOperationException($"the embedded date-parts source no longer declares '{PlatformNamespace}'");
    }
}
