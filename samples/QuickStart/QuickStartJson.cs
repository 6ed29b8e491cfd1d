using System.Text.Json.Serialization;

namespace QuickStart;

// In its own file on purpose: System.Text.Json.Serialization also declares a JsonAttribute, so a file
// with both `using SqliteGen;` and `using System.Text.Json.Serialization;` must write [SqliteGen.Json].

/// <summary>System.Text.Json's source generator: serialization without reflection, so NativeAOT keeps working.</summary>
[JsonSerializable(typeof(NoteMeta))]
public partial class QuickStartJson : JsonSerializerContext;
