using Microsoft.CodeAnalysis;

namespace SqliteGen.Analyzers;

/// <summary>
/// SQLG2xx: how user code that uses Microsoft.Data.Sqlite directly configures and uses its connections
/// (<see cref="ConnectionAnalyzer"/>). Help links follow the other descriptors: docs/rules/ID.md.
/// </summary>
internal static class ConnectionDiagnostics
{
    private const string Category = "SqliteGen.Connections";
    private const string HelpRoot = "https://github.com/sqlitegen/sqlitegen/blob/main/docs/rules/";

    public const string NotWalId = "SQLG201";
    public const string BusyTimeoutZeroId = "SQLG202";
    public const string DeferredThenWriteId = "SQLG203";

    /// <summary>
    /// A warning: it is reported only in an app that serves concurrent users (ASP.NET Core, a hosted service) whose
    /// code names no journal mode anywhere, where a connection it creates runs SQL; there the rollback journal's
    /// writer-blocks-readers shows as stalls and SQLITE_BUSY.
    /// </summary>
    public static readonly DiagnosticDescriptor NotWal = new(
        NotWalId, "Connection used without WAL",
        "Connection '{0}' is opened here and used, and this app sets no journal mode anywhere: in the default rollback-journal mode a writer and its concurrent readers block each other; execute 'PRAGMA journal_mode = WAL' once where the app creates its connections (it is stored in the file), or take connections from the SqliteGen pool",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + NotWalId + ".md");

    public static readonly DiagnosticDescriptor BusyTimeoutZero = new(
        BusyTimeoutZeroId, "busy_timeout set to 0",
        "'{0}' turns SQLite's busy handler off: a statement that meets another connection's lock fails with SQLITE_BUSY at once instead of waiting; set a timeout such as 'PRAGMA busy_timeout = 5000'",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + BusyTimeoutZeroId + ".md");

    public static readonly DiagnosticDescriptor DeferredThenWrite = new(
        DeferredThenWriteId, "Deferred transaction that writes",
        "Transaction '{0}' on '{1}' is begun deferred and then writes ('{2}'): when another connection has written since the transaction first read, the write fails with SQLITE_BUSY without waiting for the busy timeout; begin a transaction that writes with BeginTransaction() (BEGIN IMMEDIATE)",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + DeferredThenWriteId + ".md");
}
