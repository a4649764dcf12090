namespace Loom.Pipelines.Documents;

/// <summary>Turns a raw document value into the untyped form that parameter normalization reads.</summary>
internal static class ValueText
{
    public static object Untyped(RawValue value) => (object?)value.Items ?? value.Scalar ?? "";
}
