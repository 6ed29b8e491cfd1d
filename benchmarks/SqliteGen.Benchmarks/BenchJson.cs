using System.Text.Json.Serialization;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The source-generated System.Text.Json context every side uses for <see cref="ParcelContents"/> (SqliteGen through
/// <c>[SqliteDatabase(JsonContext = ...)]</c>, the competitors explicitly), so no side uses reflection-based JSON.
/// </summary>
[JsonSerializable(typeof(ParcelContents))]
public sealed partial class BenchJson : JsonSerializerContext;
