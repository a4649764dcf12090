using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Loom.Components.Features;

/// <summary>Turns free-text columns into n-gram vectors.</summary>
[Component("features.text", "1.0.0", Example = "text: { component: features.text@1, inputs: { table: split.train }, params: { columns: [review], word_ngrams: 2, weighting: tf-idf } }", Category = "features", Description = "Turns free-text columns into bags of word (and optionally character) n-grams, weighted by term frequency, inverse document frequency or both (TF-IDF), after lower-casing (and optionally removing stop words); each column is replaced by its vector of the same name.")]
internal sealed partial class FeaturesText : FeatureStep
{
    [Parameter("columns", Required = true, Description = "Text columns to featurize.")]
    public string[] Columns { get; set; } = [];

    [Parameter("word_ngrams", Min = 0, Max = 5, Description = "Longest word n-gram (1 for single words, 2 adds pairs); 0 for no word features.")]
    public int WordNgrams { get; set; } = 2;

    [Parameter("char_ngrams", Min = 0, Max = 6, Description = "Length of character n-grams; 0 for no character features.")]
    public int CharNgrams { get; set; }

    [Parameter("weighting", Choices = ["tf", "idf", "tf-idf"], Description = "How n-gram counts are weighted: term frequency, inverse document frequency, or their product.")]
    public string Weighting { get; set; } = "tf-idf";

    [Parameter("stop_words", Choices = ["english", "none"], Description = "Stop words removed before word n-grams are counted. The English list includes negations such as not and no, which carry sentiment.")]
    public string StopWords { get; set; } = "none";

    [Parameter("norm", Choices = ["l2", "l1", "infinity", "none"], Description = "Norm each row's vector is scaled to.")]
    public string Norm { get; set; } = "l2";

    [Parameter("keep_punctuation", Description = "Whether punctuation marks are kept as characters of the text.")]
    public bool KeepPunctuation { get; set; }

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        Require(data, Columns, context.StepName, "columns", ColumnShape.Text);
        if (WordNgrams == 0 && CharNgrams == 0)
        {
            throw new DataException($"step '{context.StepName}': word_ngrams and char_ngrams are both 0, which leaves no features; set at least one");
        }

        RequireValues(data, Columns, context.StepName, "columns");
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var column in Columns)
        {
            chain = chain.Append(ml.Transforms.Text.FeaturizeText(column, Options(), column));
        }

        return (chain, Columns);
    }

    private TextFeaturizingEstimator.Options Options()
    {
        var weighting = Weighting switch
        {
            "tf" => Microsoft.ML.Transforms.Text.NgramExtractingEstimator.WeightingCriteria.Tf,
            "idf" => Microsoft.ML.Transforms.Text.NgramExtractingEstimator.WeightingCriteria.Idf,
            _ => Microsoft.ML.Transforms.Text.NgramExtractingEstimator.WeightingCriteria.TfIdf,
        };
        return new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = KeepPunctuation,
            KeepDiacritics = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = StopWords == "english" ? new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English } : null,
            WordFeatureExtractor = WordNgrams == 0 ? null : new WordBagEstimator.Options { NgramLength = WordNgrams, UseAllLengths = true, Weighting = weighting },
            CharFeatureExtractor = CharNgrams == 0 ? null : new WordBagEstimator.Options { NgramLength = CharNgrams, UseAllLengths = false, Weighting = weighting },
            Norm = Norm switch
            {
                "l1" => TextFeaturizingEstimator.NormFunction.L1,
                "infinity" => TextFeaturizingEstimator.NormFunction.Infinity,
                "none" => TextFeaturizingEstimator.NormFunction.None,
                _ => TextFeaturizingEstimator.NormFunction.L2,
            },
        };
    }
}
