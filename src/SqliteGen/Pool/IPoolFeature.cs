namespace SqliteGen.Runtime;

/// <summary>
/// A feature that plugs into every pool opened with its options (<see cref="SqliteGenOptions"/> lists them): it may set
/// up the writer connection of a new file and keep state beside the pool. The pool knows features through this alone.
/// </summary>
internal interface IPoolFeature
{
    /// <summary>
    /// Runs on the writer connection as it opens, after <c>busy_timeout</c> and before WAL mode, which writes the
    /// file's first page: here a new file has no pages yet. An exception fails the open like any setting of the writer.
    /// </summary>
    void ConfigureWriter(PooledConnection writer);

    /// <summary>
    /// Runs once the pool is open: what the feature keeps goes into <see cref="SqliteConnectionPool.Attachment{T}"/>,
    /// and closes with the pool.
    /// </summary>
    void Attach(SqliteConnectionPool pool);
}
