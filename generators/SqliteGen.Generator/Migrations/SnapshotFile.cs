namespace SqliteGen.Generator.Migrations;

/// <summary>A committed snapshot file as the generator read it: its name and text, nothing parsed yet.</summary>
internal sealed record SnapshotFile(string Path, string Text);
