namespace SqliteGen.Generator.Model;

/// <summary>
/// Where a declaration is, as plain values, so a model can carry it and still compare by value
/// (a Roslyn Location cannot enter a cached model).
/// </summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter);
