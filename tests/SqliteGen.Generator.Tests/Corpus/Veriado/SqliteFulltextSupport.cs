// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqliteFulltextSupport.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Veriado.Infrastructure.Persistence;

internal sealed class SqliteFulltextSupport
{
    private bool? _available;

    public bool IsAvailable => _available ??= SqliteFulltextSupportDetector.HasFts5();

    public string? Reason => IsAvailable ? null : "This SQLite build has no FTS5; search falls back to LIKE.";
}
