using SqliteGen;

namespace TenantPatterns;

/// <summary>
/// The pattern store: response patterns are layered (each user's own first, the shared base as
/// fallback), the users' private notes are isolated, intents are shared by everyone.
/// </summary>
[SqliteDatabase(Version = 1)]
public partial class PatternStore;

/// <summary>A response pattern: what to say in a context, for an intent, and how well it worked.</summary>
[Table("response_patterns"), TenantScoped(TenantMode.Layered)]
public partial record ResponsePattern(
    [PrimaryKey] string FragmentId,
    string TriggerContext,
    string ResponseText,
    double SuccessScore,
    [Indexed] string Intent,
    int UsageCount);

/// <summary>A user's private note: only that user's file ever holds it.</summary>
[Table("user_notes"), TenantScoped(TenantMode.Isolated)]
public partial record UserNote([PrimaryKey(AutoIncrement = true)] long NoteId, string Text);

/// <summary>The intents every user shares (the base file).</summary>
[Table("intents")]
public partial record Intent([PrimaryKey] string Name, string Description);
