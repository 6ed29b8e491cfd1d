// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Connections/ISqlitePathResolver.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Veriado.Infrastructure.Persistence.Connections;

public interface ISqlitePathResolver
{
    string Resolve();
}
