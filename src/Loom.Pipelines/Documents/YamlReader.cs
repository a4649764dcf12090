using System.Globalization;
using Loom.Pipelines.Validation;
using Loom.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Documents;

/// <summary>Typed access to YAML nodes that records an error, with its line, instead of throwing.</summary>
internal sealed class YamlReader(string file)
{
    public string File { get; } = file;

    public List<PipelineError> Errors { get; } = [];

    public SourceLocation At(Mark mark) => new(File, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    public void Error(Mark mark, string message, string? step = null, string? port = null) =>
        Errors.Add(new PipelineError(At(mark), step, port, message));

    /// <summary>A document file's text.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What it holds, for the error: pipeline, gate.</param>
    /// <exception cref="LoomException">It cannot be read.</exception>
    public static string ReadFile(string path, string what)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoomException($"{path}: cannot read the {what} file: {e.Message}");
        }
    }

    /// <summary>The root mapping of a one-document YAML text, or null with the reason recorded.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="expected">What an empty file should have held, such as "a pipeline document starting with 'apiVersion: loom/v1'".</param>
    /// <param name="keys">The keys the root mapping holds, for the error when it is not a mapping.</param>
    public YamlMappingNode? LoadRoot(string text, string expected, string keys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            Error(e.Start, $"malformed YAML: {message}");
            return null;
        }
        catch (InvalidOperationException e)
        {
            // The YAML scanner reports some malformed input this way, without a position: find where it stopped.
            Error(LastReadablePosition(text), $"malformed YAML: {e.Message}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            Error(Mark.Empty, $"the file is empty; expected {expected}");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode.Start, "expected one YAML document, found several");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode.Start, $"expected a mapping with {keys}");
            return null;
        }

        return root;
    }

    /// <summary>Checks <c>apiVersion: loom/v1</c> and the document's kind.</summary>
    public void CheckHeader(YamlMappingNode root, string kind)
    {
        var apiVersion = Scalar(root, "apiVersion", required: true);
        if (apiVersion is not null && apiVersion != PipelineDocument.ApiVersion)
        {
            Error(root.Children[new YamlScalarNode("apiVersion")].Start, $"unsupported apiVersion '{apiVersion}'; expected '{PipelineDocument.ApiVersion}'");
        }

        var found = Scalar(root, "kind", required: true);
        if (found is not null && found != kind)
        {
            Error(root.Children[new YamlScalarNode("kind")].Start, $"unsupported kind '{found}'; expected '{kind}'");
        }
    }

    private static Mark LastReadablePosition(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.Current!.End;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // Stop at the first token that cannot be read.
        }

        return last;
    }

    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode node, string? step = null)
    {
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name })
            {
                yield return (name, value);
            }
            else
            {
                Error(key.Start, "expected a plain name as key", step);
            }
        }
    }

    public void CheckKeys(YamlMappingNode node, IReadOnlyCollection<string> allowed, string? step)
    {
        foreach (var (key, _) in Entries(node, step))
        {
            if (!allowed.Contains(key))
            {
                var keyNode = node.Children.Keys.First(k => k is YamlScalarNode s && s.Value == key);
                Error(keyNode.Start, $"unknown key '{key}'; expected one of {string.Join(", ", allowed)}", step);
            }
        }
    }

    public YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? Scalar(YamlMappingNode node, string key, bool required = false, string? step = null)
    {
        switch (Child(node, key))
        {
            case null when required:
                Error(node.Start, $"missing required key '{key}'", step);
                return null;
            case null:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value;
            case var other:
                Error(other.Start, $"'{key}' must be a single value, not a list or mapping", step);
                return null;
        }
    }

    public long? Integer(YamlMappingNode node, string key, string? step, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = Scalar(node, key, step: step);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = min == long.MinValue && max == long.MaxValue ? "" : $" from {min} to {max}";
        Error(Child(node, key)!.Start, $"'{key}' must be a whole number{range}, found '{text}'", step);
        return null;
    }

    public YamlMappingNode? Mapping(YamlMappingNode node, string key, string? step = null)
    {
        switch (Child(node, key))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return mapping;
            case YamlScalarNode { Value: null or "" or "~" or "null" }:
                return new YamlMappingNode();
            case var other:
                Error(other.Start, $"'{key}' must be a mapping of names to values", step);
                return null;
        }
    }

    public RawValue? Value(YamlNode node, string? step, string? name)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return RawValue.Of(scalar.Value ?? "", scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted);
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode):
                return RawValue.List(sequence.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? "").ToList());
            default:
                Error(node.Start, "expected a value or a list of values", step, name);
                return null;
        }
    }

    public PortReference? Reference(YamlNode node, string? step, string port)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && dot < text.Length - 1)
            {
                return new PortReference(text[..dot], text[(dot + 1)..], At(node.Start));
            }
        }

        Error(node.Start, $"expected a reference 'step.port', found '{node}'", step, port);
        return null;
    }
}
