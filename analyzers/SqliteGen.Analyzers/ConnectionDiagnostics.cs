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
    /// Info, not a warning: WAL is stored in the database file, and a method that opens a file some other code
    /// already put in WAL (a set-up step, the SqliteGen pool, a test inspecting a database) is fine; the analyzer
    /// cannot see the file. Raise it with <c>dotnet_diagnostic.SQLG201.severity = warning</c>.
    /// </summary>
    public static readonly DiagnosticDescriptor NotWal = new(
        NotWalId, "Connection used without WAL",
        "Connection '{0}' is opened here and used without 'PRAGMA journal_mode = WAL' having been executed on it: in the default rollback-journal mode a writer and the readers block each other; execute the pragma right after opening, or take connections from the SqliteGen pool",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpRoot + NotWalId + ".md");

    public static readonly DiagnosticDescriptor BusyTimeoutZero = new(
        BusyTimeoutZeroId, "busy_timeout set to 0",
        "'{0}' turns SQLite's busy handler off: a statement that meets another connection's lock fails with SQLITE_BUSY at once instead of waiting; set a timeout such as 'PRAGMA busy_timeout = 5000'",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + BusyTimeoutZeroId + ".md");

    public static readonly DiagnosticDescriptor DeferredThenWrite = new(
        DeferredThenWriteId, "Deferred transaction that writes",
        "Transaction '{0}' on '{1}' is begun deferred and then writes ('{2}'): when another connection has written since the transaction first read, the write fails with SQLITE_BUSY without waiting for the busy timeout; begin a transaction that writes with BeginTransaction() (BEGIN IMMEDIATE)",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + DeferredThenWriteId + ".md");
}
