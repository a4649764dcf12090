namespace Loom.Metadata.Postgres;

/// <summary>
/// The PostgreSQL schema, as an ordered list of migrations: the same tables, columns and keys as SQLite's, in
/// PostgreSQL's types (times stay ISO 8601 text, so both stores read and sort them alike).
/// </summary>
internal static class PostgresMigrations
{
    public static readonly string[] All =
    [
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            pipeline_name TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            pipeline_file TEXT NOT NULL,
            pipeline_yaml TEXT NOT NULL,
            parameters_json TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            error TEXT,
            git_commit TEXT,
            owner TEXT
        );
        CREATE INDEX runs_created ON runs (created_at);
        CREATE INDEX runs_pipeline ON runs (pipeline_name, created_at);
        CREATE TABLE steps (
            run_id TEXT NOT NULL REFERENCES runs (id),
            name TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            component TEXT NOT NULL,
            status TEXT NOT NULL,
            cache_key TEXT,
            cache_hit INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            started_at TEXT,
            finished_at TEXT,
            error TEXT,
            PRIMARY KEY (run_id, name)
        );
        CREATE INDEX steps_cache_key ON steps (cache_key);
        CREATE TABLE attempts (
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            number INTEGER NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            error TEXT,
            PRIMARY KEY (run_id, step, number),
            FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name)
        );
        CREATE TABLE logs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            at TEXT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX logs_run_step ON logs (run_id, step, id);
        CREATE TABLE artifacts (
            sha256 TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            size BIGINT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE lineage (
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            port TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (run_id, step, direction, port)
        );
        CREATE INDEX lineage_artifact ON lineage (sha256);
        CREATE TABLE cache (
            cache_key TEXT PRIMARY KEY,
            outputs_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE pipeline_versions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            pipeline TEXT NOT NULL,
            version TEXT NOT NULL,
            yaml TEXT NOT NULL,
            author TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL,
            layout_json TEXT
        );
        CREATE INDEX pipeline_versions_name ON pipeline_versions (pipeline, id);
        CREATE TABLE component_versions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            manifest_json TEXT NOT NULL,
            type_name TEXT NOT NULL,
            assembly_file TEXT NOT NULL,
            package_sha256 TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('upload', 'git')),
            repository TEXT,
            repository_path TEXT,
            git_commit TEXT,
            gate_report_json TEXT NOT NULL,
            published_by TEXT NOT NULL,
            published_at TEXT NOT NULL,
            deprecation TEXT,
            UNIQUE (name, version)
        );
        CREATE TABLE model_versions (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs (id),
            step TEXT NOT NULL,
            port TEXT NOT NULL,
            artifact_sha256 TEXT NOT NULL,
            pipeline_name TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            git_commit TEXT,
            metrics_json TEXT NOT NULL,
            lineage_json TEXT NOT NULL,
            registered_by TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            description TEXT,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );
        CREATE TABLE model_alias_moves (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            from_version INTEGER,
            to_version INTEGER,
            action TEXT NOT NULL CHECK (action IN ('promote', 'rollback', 'remove')),
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            gate_json TEXT
        );
        CREATE INDEX model_alias_moves_name ON model_alias_moves (name, id);
        CREATE TABLE model_approvals (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            approver TEXT NOT NULL,
            at TEXT NOT NULL,
            comment TEXT,
            FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
        );
        """,
        """
        CREATE TABLE pipeline_pins (
            pipeline TEXT PRIMARY KEY,
            version TEXT NOT NULL
        );
        CREATE TABLE pipeline_pin_moves (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            pipeline TEXT NOT NULL,
            from_version TEXT,
            to_version TEXT,
            action TEXT NOT NULL CHECK (action IN ('pin', 'rollback', 'unpin')),
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX pipeline_pin_moves_name ON pipeline_pin_moves (pipeline, id);
        """,
        """
        CREATE TABLE model_alerts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            field TEXT NOT NULL,
            rules TEXT NOT NULL,
            at TEXT NOT NULL,
            host TEXT NOT NULL
        );
        CREATE INDEX model_alerts_name ON model_alerts (name, id);
        CREATE TABLE model_health (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            report TEXT NOT NULL
        );
        CREATE INDEX model_health_name ON model_health (name, at);
        """,
        """
        ALTER TABLE model_versions ADD COLUMN baseline_sha256 TEXT;
        """,
    ];
}
