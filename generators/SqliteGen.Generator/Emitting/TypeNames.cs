namespace SqliteGen.Generator.Emitting;

/// <summary>
/// The fully qualified names of the types generated code uses in more than one emitter, and the shapes built from them
/// (the cancellation-token parameter, an async method's return type), so every emitter writes them the same way.
/// </summary>
internal static class TypeNames
{
    public const string Connection = "global::SqliteGen.Runtime.PooledConnection";
    public const string ConnectionSource = "global::SqliteGen.Runtime.ConnectionSource";
    public const string Statement = "global::SqliteGen.Runtime.Statement";
    public const string Runner = "global::SqliteGen.Runtime.StatementRunner";
    public const string Token = "global::System.Threading.CancellationToken";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";

    /// <summary>The last parameter of every generated async method.</summary>
    public const string TokenParameter = Token + " cancellationToken = default";

    /// <summary>The async twin's return type of a method returning <paramref name="returnType"/>: <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    public static string AsyncOf(string returnType) => returnType == "void" ? ValueTask : $"{ValueTask}<{returnType}>";

    public static string ReadOnlyList(string item) => $"global::System.Collections.Generic.IReadOnlyList<{item}>";
}
