using Loom.Sdk;

namespace Loom.Execution;

/// <summary>Settings of the local executor, with their defaults.</summary>
public sealed class ExecutorOptions
{
    /// <summary>Most steps running at once; defaults to the number of cores.</summary>
    public int MaxParallelSteps { get; init; } = Environment.ProcessorCount;

    /// <summary>Timeout of one attempt of a step that sets none; defaults to 1 hour.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Extra attempts after a transient failure for a step that sets none; defaults to 2.</summary>
    public int DefaultRetries { get; init; } = 2;

    /// <summary>Wait before the first retry; doubled for each further one. Defaults to 1 second.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether to reuse outputs of identical earlier computations; defaults to true.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Folder against which relative input file paths are resolved (the workspace root).</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Whether input files must lie inside <see cref="BaseDirectory"/> (for a server, whose users may not read the host's other files); defaults to false.</summary>
    public bool ConfineInputFiles { get; init; }

    /// <summary>How to start the worker process custom components run in; null where none can be started (then their steps fail saying so).</summary>
    public Worker.WorkerLaunch? Worker { get; init; }

    /// <summary>Memory one step of a custom component may use (its worker's managed heap limit); defaults to 2 GB.</summary>
    public long CustomStepMemoryBytes { get; init; } = 2L << 30;

    /// <summary>Clock used for timestamps and retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where attempts run when not in this process (the nodes of a cluster), or null to run them here.</summary>
    public Distribution.IAttemptHost? AttemptHost { get; init; }

    /// <summary>
    /// With an <see cref="AttemptHost"/>: a row-wise step whose table has more rows than this is split into partitions
    /// of about this many rows (whole row groups), run on several nodes at once.
    /// </summary>
    public long PartitionRows { get; init; } = 1_000_000;

    /// <summary>Checks the options, naming the one at fault.</summary>
    /// <exception cref="LoomException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxParallelSteps < 1)
        {
            throw new LoomException($"the most steps at once (max_parallel_steps, --max-parallel) must be at least 1, found {MaxParallelSteps}");
        }

        if (DefaultTimeout <= TimeSpan.Zero || DefaultTimeout > Pipelines.Documents.PipelineParser.MaxDuration)
        {
            throw new LoomException($"the default step timeout (default_timeout) must be positive and at most 24 days, found {DefaultTimeout}");
        }

        if (DefaultRetries is < 0 or > 10)
        {
            throw new LoomException($"the default retries (default_retries) must be between 0 and 10, found {DefaultRetries}");
        }

        if (PartitionRows < Sdk.Tables.ParquetTables.BatchRows)
        {
            throw new LoomException($"the rows of a partition (--partition-rows) must be at least one row group, {Sdk.Tables.ParquetTables.BatchRows}; found {PartitionRows}");
        }
    }
}
