using Loom.Components.CodeGen;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <content>The step as code: one text featurizer per column, with the step's n-gram, weighting and norm settings.</content>
internal sealed partial class FeaturesText
{
    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        step.Code.Usings.Add("Microsoft.ML.Transforms.Text");
        var weighting = "NgramExtractingEstimator.WeightingCriteria." + Weighting switch { "tf" => "Tf", "idf" => "Idf", _ => "TfIdf" };
        var lines = new List<string>
        {
            "var text = new TextFeaturizingEstimator.Options",
            "{",
            "    CaseMode = TextNormalizingEstimator.CaseMode.Lower,",
            $"    KeepPunctuations = {CSharpLiteral.Of(KeepPunctuation)},",
            "    KeepDiacritics = false,",
            "    KeepNumbers = true,",
            StopWords == "english"
                ? "    StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },"
                : "    StopWordsRemoverOptions = null,",
            WordNgrams == 0
                ? "    WordFeatureExtractor = null,"
                : $"    WordFeatureExtractor = new WordBagEstimator.Options {{ NgramLength = {WordNgrams}, UseAllLengths = true, Weighting = {weighting} }},",
            CharNgrams == 0
                ? "    CharFeatureExtractor = null,"
                : $"    CharFeatureExtractor = new WordBagEstimator.Options {{ NgramLength = {CharNgrams}, UseAllLengths = false, Weighting = {weighting} }},",
            "    Norm = TextFeaturizingEstimator.NormFunction." + Norm switch { "l1" => "L1", "infinity" => "Infinity", "none" => "None", _ => "L2" } + ",",
            "};",
        };
        var estimators = Columns.Select(c => $"ml.Transforms.Text.FeaturizeText({CSharpLiteral.Of(c)}, text, {CSharpLiteral.Of(c)})").ToList();
        lines.AddRange(FeatureCode.Chain("featurizer", estimators));
        var grams = (WordNgrams, CharNgrams) switch
        {
            (0, var c) => $"character {c}-grams",
            (1, 0) => "words",
            (var w, 0) => $"word 1- to {w}-grams",
            var (w, c) => $"word 1- to {w}-grams and character {c}-grams",
        };
        return new FeatureEstimatorCode($"turns {string.Join(", ", Columns.Select(c => $"'{c}'"))} into {grams}, {Weighting} weighted", lines);
    }
}
