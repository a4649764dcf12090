using Loom.Components.Features;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training;

/// <summary>k-means clustering.</summary>
[Component("train.kmeans", "1.0.0", Example = "clusters: { component: train.kmeans@1, inputs: { table: load.table }, params: { clusters: 3, exclude: [species] } }", Category = "train", Description = "k-means clustering (k-means++ initialization): groups rows into k clusters of similar feature values. Features are scaled automatically.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (the cluster, 1 to k) and Score (the distance to each cluster's center) out.")]
internal sealed class KMeans : UnsupervisedTrainer
{
    [Parameter("clusters", Min = 2, Max = 10000, Description = "Number of clusters (k).")]
    public int Clusters { get; set; } = 5;

    [Parameter("max_iterations", Min = 1, Max = 100000, Description = "Most refinement iterations.")]
    public int MaxIterations { get; set; } = 1000;

    protected override string Task => "clustering";

    protected override string? LearnerCode(CodeGen.StepCode step) => InTrainersNamespace(step, $$"""
        learner.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = "Features",
            NumberOfClusters = {{CodeGen.CSharpLiteral.Of(Clusters)}},
            MaximumNumberOfIterations = {{CodeGen.CSharpLiteral.Of(MaxIterations)}},
            NumberOfThreads = 1,
        })
        """);

    protected override string? OutputCode(ModelCard card) => "ml.Transforms.CopyColumns(\"Prediction\", \"PredictedLabel\")";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Clustering.Trainers.KMeans(Weighted(new KMeansTrainer.Options
        {
            FeatureColumnName = FeaturePlan.Column,
            NumberOfClusters = Clusters,
            MaximumNumberOfIterations = MaxIterations,
            NumberOfThreads = 1, // several threads make the clusters depend on timing
        }));

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.CopyColumns("Prediction", "PredictedLabel"); // a key: its raw value is the cluster number
}

/// <summary>Randomized PCA anomaly detection.</summary>
[Component("train.randomized-pca-anomaly", "1.0.0", Example = "detector: { component: train.randomized-pca-anomaly@1, inputs: { table: normal.table }, params: { rank: 3, exclude: [id] } }", Category = "train", Description = "Anomaly detection by randomized PCA: learns the low-rank subspace normal rows live in and scores each row by its distance from it. Train on rows believed normal. Features are scaled automatically.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (true for an anomaly) and Score (higher is more anomalous) out.")]
internal sealed class RandomizedPcaAnomaly : UnsupervisedTrainer
{
    [Parameter("rank", Min = 1, Max = 1000, Description = "Number of principal components kept.")]
    public int Rank { get; set; } = 20;

    [Parameter("oversampling", Min = 0, Max = 1000, Description = "Extra dimensions sampled for a more accurate subspace.")]
    public int Oversampling { get; set; } = 20;

    [Parameter("threshold", Min = 0, Max = 1, Description = "Score above which a row is predicted an anomaly.")]
    public double Threshold { get; set; } = 0.5;

    protected override string Task => "anomaly";

    protected override string? LearnerCode(CodeGen.StepCode step) => InTrainersNamespace(step, $$"""
        learner.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = "Features",
            Rank = {{CodeGen.CSharpLiteral.Of(Rank)}},
            Oversampling = {{CodeGen.CSharpLiteral.Of(Oversampling)}},
            EnsureZeroMean = true,
            Seed = {{CodeGen.CSharpLiteral.Of(step.Seed)}},
        })
        """);

    protected override string? CompleteCode(CodeGen.StepCode step) =>
        $"ml.AnomalyDetection.ChangeModelThreshold(learned, {CodeGen.CSharpLiteral.OfSingle(Threshold)})";

    protected override string? OutputCode(ModelCard card) => "ml.Transforms.CopyColumns(\"Prediction\", \"PredictedLabel\")";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.AnomalyDetection.Trainers.RandomizedPca(Weighted(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = FeaturePlan.Column,
            Rank = Rank,
            Oversampling = Oversampling,
            EnsureZeroMean = true,
            Seed = context.Seed,
        }));

    protected override ITransformer Complete(MLContext ml, ITransformer trained, IDataView training) =>
        ml.AnomalyDetection.ChangeModelThreshold((AnomalyPredictionTransformer<PcaModelParameters>)trained, (float)Threshold);

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.CopyColumns("Prediction", "PredictedLabel");
}
