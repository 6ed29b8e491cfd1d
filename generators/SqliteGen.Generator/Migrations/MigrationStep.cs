namespace SqliteGen.Generator.Migrations;

/// <summary>
/// One generated version step, as the emitter writes it into the database class's <c>Migrations</c>:
/// the SQL of both directions and what each direction drops (null when nothing).
/// </summary>
internal sealed record MigrationStep(int Version, string Up, string Down, string? UpLosesData, string? DownLosesData, string? DataStepMethod, string? SeedDataMethod = null);
