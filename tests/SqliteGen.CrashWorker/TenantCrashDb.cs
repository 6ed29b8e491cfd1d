namespace SqliteGen.CrashWorker;

// The tenant crash test's and the soak's schema: a layered table with a vector and full text (a tenant row hides
// the base row with the same key), and an isolated table of notes whose payload is a function of the key.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(Fact), typeof(TenantNote) })]
public partial class TenantCrashDb;

/// <summary>
/// A layered row: the base file holds the shared version, a tenant's file its own. <see cref="Owner"/> is the
/// tenant id or <c>base</c>, so a reader can tell which file a row came from.
/// </summary>
[Table("facts"), TenantScoped(TenantMode.Layered)]
public partial record Fact(
    [PrimaryKey] string FactId,
    [Indexed] string Owner,
    long Version,
    [FullText] string Text,
    [Vector(8)] float[]? Embedding = null);

/// <summary>A tenant's own note; <see cref="Payload"/> is <see cref="Payloads.For"/>(key, 0).</summary>
[Table("tenant_notes"), TenantScoped(TenantMode.Isolated)]
public partial record TenantNote([PrimaryKey] long NoteId, string Payload);

/// <summary>Deterministic facts: the text names the key, owner and version as words; the embedding is a function of them.</summary>
public static class Facts
{
    public static Fact Of(string factId, string owner, long version) =>
        new(factId, owner, version, Text(factId, owner, version), Embedding(factId, owner, version));

    public static string Text(string factId, string owner, long version) => $"fact {factId} owner {owner} version v{version}";

    /// <summary>Eight components from a hash of (key, owner, version): distinct rows get distinct directions.</summary>
    public static float[] Embedding(string factId, string owner, long version)
    {
        var random = new System.Random(unchecked(Stable(factId) * 31 + Stable(owner) * 17 + (int)version)); // the same in every process
        var vector = new float[8];
        for (int i = 0; i < vector.Length; i++)
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        vector[0] += 0.01f; // never the zero vector
        return vector;
    }

    /// <summary>A string hash that is the same in every process (string.GetHashCode is randomized per process).</summary>
    private static int Stable(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
                hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
