using Loom.Components.Models;

namespace Loom.Components.CodeGen;

/// <summary>
/// The generated <c>LabeledBy&lt;Label&gt;</c> member: the rows that have a label, as a data view with the <c>Label</c>
/// column a trainer and its evaluator read, prepared as the platform prepares it.
/// </summary>
internal static class LabelCode
{
    /// <summary>Adds the member for a model's label; returns its name.</summary>
    public static string Require(StepCode step, ModelCard card, RowClass rows)
    {
        var label = rows.Shape[card.Label ?? throw step.Unsupported($"a {card.Task} model has no label")];
        var p = label.Property;
        var member = "LabeledBy" + CSharpNames.Pascal(label.Name);
        var (check, mapping, description) = (card.Task, label.Kind) switch
        {
            ("binary", "text") => (
                $"if (labeled.FirstOrDefault(row => row.{p} is not ({CSharpLiteral.Of(card.PositiveClass!)} or {CSharpLiteral.Of(card.NegativeClass!)})) is {{ }} other)\n{{\n    throw new InvalidDataException($\"label '{label.Name}' has the value '{{other.{p}}}', which is neither '{card.PositiveClass}' nor '{card.NegativeClass}'\");\n}}\n",
                $"ml.Transforms.Conversion.MapValue(\"Label\", new[] {{ KeyValuePair.Create({CSharpLiteral.Of(card.PositiveClass!)}, true), KeyValuePair.Create({CSharpLiteral.Of(card.NegativeClass!)}, false) }}, {CSharpLiteral.Of(label.Name)})",
                $"'{label.Name}' = \"{card.PositiveClass}\" is true"),
            ("binary", "boolean") when card.PositiveClass == "true" => ("", $"ml.Transforms.CopyColumns(\"Label\", {CSharpLiteral.Of(label.Name)})", $"'{label.Name}' as it is"),
            ("regression", "number") => ("", $"ml.Transforms.Conversion.ConvertType(\"Label\", {CSharpLiteral.Of(label.Name)}, DataKind.Single)", $"'{label.Name}' as a 32-bit number"),
            ("ranking", "number") => (
                $"if (labeled.FindIndex(row => row.{p} is < 0 or > {Training.RankingTrainer.MaxGrade} || row.{p} != Math.Floor(row.{p})) is var bad and >= 0)\n{{\n    throw new InvalidDataException($\"label '{label.Name}' has the value {{labeled[bad].{p}}} in row {{bad + 1}}; ranking needs relevance grades, whole numbers from 0 to {Training.RankingTrainer.MaxGrade}\");\n}}\n",
                $"ml.Transforms.Conversion.ConvertType(\"Label\", {CSharpLiteral.Of(label.Name)}, DataKind.Single)",
                $"'{label.Name}' as a 32-bit relevance grade"),
            ("multiclass", "text") => (
                "var classes = ml.Data.LoadFromEnumerable(new[] { " + string.Join(", ", card.Classes!.Select(c => $"new ClassName({CSharpLiteral.Of(c)})")) + " });\n",
                $"ml.Transforms.Conversion.MapValueToKey(\"Label\", {CSharpLiteral.Of(label.Name)}, keyData: classes)",
                $"'{label.Name}' as a key over the {card.Classes!.Count} classes in a fixed order"),
            _ => throw step.Unsupported($"a {card.Task} label read as {label.Kind} is not generated yet"),
        };
        if (card.Task == "multiclass")
        {
            step.Code.Member("ClassName", "/// <summary>One class of the label, in the order the model numbers them.</summary>\nprivate sealed record ClassName(string Value);", step.Name);
        }

        var lines = new List<string>
        {
            $"/// <summary>The rows that have a label, with the Label column: {description}.</summary>",
            $"private static IDataView {member}(MLContext ml, IEnumerable<{rows.Name}> rows)",
            "{",
            label.Kind == "boolean" ? "    var labeled = rows.ToList();" : $"    var labeled = rows.Where(row => !({label.MissingIn("row")})).ToList();",
        };
        lines.AddRange(check.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l));
        lines.Add("    var data = ml.Data.LoadFromEnumerable(labeled);");
        lines.Add($"    return {mapping}.Fit(data).Transform(data);");
        lines.Add("}");
        // One overload per row class: a model trained on one table shape and evaluated on another reads both.
        step.Code.Member($"{member}({rows.Name})", string.Join("\n", lines), step.Name);
        return member;
    }
}
