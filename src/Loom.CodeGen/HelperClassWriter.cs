using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>
/// Writes a static helper class of the generated model library with only the methods the steps asked for
/// (Helpers entries <c>&lt;Class&gt;.&lt;Method&gt;</c>), so the generated code holds no method nobody calls.
/// </summary>
internal static class HelperClassWriter
{
    /// <summary>The class text, or null when no step asked for it.</summary>
    /// <param name="code">What the steps share.</param>
    /// <param name="name">The class name.</param>
    /// <param name="summary">Its doc comment.</param>
    /// <param name="methods">Every method it can hold, by name, in the order they are written.</param>
    /// <param name="shared">The private member the methods share, written last.</param>
    /// <param name="needs">A method that calls another: the other is written too.</param>
    public static string? Write(CodeModel code, string name, string summary, IReadOnlyList<(string Name, string Text)> methods, string shared, IReadOnlyDictionary<string, string>? needs = null)
    {
        var asked = code.Helpers.Where(h => h.StartsWith(name + ".", StringComparison.Ordinal)).Select(h => h[(name.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        if (asked.Count == 0)
        {
            return null;
        }

        foreach (var (method, needed) in needs ?? new Dictionary<string, string>())
        {
            if (asked.Contains(method))
            {
                asked.Add(needed);
            }
        }

        var texts = methods.Where(m => asked.Contains(m.Name)).Select(m => m.Text).Append(shared);
        return $$"""
            namespace {{code.Name}}.Model;

            /// <summary>{{summary}}</summary>
            public static class {{name}}
            {
            {{string.Join("\n", texts.Select(Indent))}}}

            """;
    }

    private static string Indent(string member) => string.Concat(member.Split('\n').Select(l => l.Length == 0 ? "\n" : "    " + l + "\n"));
}
