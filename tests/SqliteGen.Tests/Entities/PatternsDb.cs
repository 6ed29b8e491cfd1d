using SqliteGen;

namespace SqliteGen.Tests.Entities;

// Modelled on the seed system with a shared knowledge base and one database per user
// (shared/seeds/000_...): response patterns are layered (a user's own patterns first, the shared ones
// as fallback), user notes are isolated, topics are shared by everyone.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(ResponsePattern), typeof(UserNote), typeof(Topic) })]
public partial class PatternsDb;

[Table("response_patterns"), TenantScoped(TenantMode.Layered)]
public partial record ResponsePattern(
    [PrimaryKey] string FragmentId,
    string TriggerContext,
    [FullText] string ResponseText,
    double SuccessScore,
    [Indexed] string Intent,
    int UsageCount,
    [Vector(3)] float[]? Embedding = null);

[Table("user_notes"), TenantScoped(TenantMode.Isolated)]
public partial record UserNote(
    [PrimaryKey(AutoIncrement = true)] long NoteId,
    [Unique] string Slug,
    string Text);

[Table("topics")]
public partial record Topic([PrimaryKey] string TopicId, string Title);
