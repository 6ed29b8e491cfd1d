using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Copy;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// <c>sqlitegen copy</c>'s columns take what they are from the per-type table (<see cref="TypeMapping"/>): every kind in it
/// has a conversion, the PostgreSQL type the schema is created with, and the SQLite storage the file's value is read as;
/// a column of a snapshot without kinds is its storage class's plain kind. Values read from a real SQLite file, stored as
/// the runtime stores them. (Copies into a real server: tests/SqliteGen.PostgreSql.Tests/CopyTests.)
/// </summary>
public sealed class CopyColumnTests
{
    public static IEnumerable<object[]> Kinds => TypeMapping.All.Select(t => new object[] { t.SnapshotName });

    private static ColumnSchema Column(string type, string? kind) =>
        new("value", default, type, NotNull: false, PrimaryKey: 0, AutoIncrement: false, Default: null, Check: null, Collate: null, Kind: kind);

    private static string Declared(SqlStorage storage) => storage switch
    {
        SqlStorage.Integer => "INTEGER",
        SqlStorage.Real => "REAL",
        SqlStorage.Blob => "BLOB",
        _ => "TEXT",
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_the_table_has_a_conversion_its_PostgreSQL_type_and_its_storage(string kind)
    {
        MappedType mapped = TypeMapping.FromSnapshotName(kind)!;
        var column = new CopyColumn(Column(Declared(mapped.Storage), kind));
        Assert.Same(mapped, column.Mapped);
        Assert.Equal(mapped.PostgreSqlType, column.PostgresType);
        Assert.Equal(mapped.Storage == SqlStorage.Text, column.ReadsText);
        Assert.Equal(mapped.Kind == ValueKind.Json, column.IsJson);
    }

    [Theory]
    [InlineData("INTEGER", nameof(ValueKind.Int64), "bigint")]
    [InlineData("REAL", nameof(ValueKind.Double), "double precision")]
    [InlineData("BLOB", nameof(ValueKind.Bytes), "bytea")]
    [InlineData("TEXT", nameof(ValueKind.String), "text")]
    [InlineData("ANY", nameof(ValueKind.String), "text")]
    public void A_column_without_a_kind_is_the_plain_kind_of_its_storage(string declared, string kind, string postgres)
    {
        var column = new CopyColumn(Column(declared, kind: null));
        Assert.Equal(kind, column.Mapped.Kind.ToString());
        Assert.Equal(postgres, column.PostgresType);
    }

    [Fact]
    public void Stored_values_become_the_values_of_their_PostgreSQL_types()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var instant = new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        (string Kind, string Declared, object Stored, object Expected)[] cases =
        [
            (ColumnKinds.Boolean, "INTEGER", 1L, true),
            (ColumnKinds.Byte, "INTEGER", 255L, (short)255),
            (ColumnKinds.UInt16, "INTEGER", 65535L, 65535),
            (ColumnKinds.UInt32, "INTEGER", 4294967295L, 4294967295L),
            (ColumnKinds.UInt64, "INTEGER", -1L, -1L),
            (ColumnKinds.TimeSpan, "INTEGER", 1_234_567L, TimeSpan.FromTicks(1_234_560)),
            (ColumnKinds.Single, "REAL", 1.5, 1.5f),
            (ColumnKinds.Double, "REAL", 3L, 3.0),
            (ColumnKinds.Decimal, "TEXT", "1.10", 1.10m),
            (ColumnKinds.Guid, "TEXT", SqliteValues.FromGuid(guid), guid),
            (ColumnKinds.DateTimeOffset, "TEXT", SqliteValues.FromDateTimeOffset(instant), new DateTime(instant.UtcTicks - 7, DateTimeKind.Utc)),
            (ColumnKinds.Char, "TEXT", "é", "é"),
            (ColumnKinds.Json, "TEXT", "{\"a\": [1, 2]}", "{\"a\": [1, 2]}"),
            (ColumnKinds.Bytes, "BLOB", new byte[] { 0, 1, 2 }, new byte[] { 0, 1, 2 }),
        ];
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach ((string kind, string declared, object stored, object expected) in cases)
        {
            var column = new CopyColumn(Column(declared, kind));
            using SourceRows row = Select(connection, stored);
            Assert.True(row.Read());
            object? value = column.FromSqlite(row, 0);
            Assert.Equal(expected.GetType(), value?.GetType());
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData(ColumnKinds.Boolean, "INTEGER", 2L, "holds 2, which is not a bool")]
    [InlineData(ColumnKinds.Char, "TEXT", "ab", "holds 2 characters")]
    [InlineData(ColumnKinds.Json, "TEXT", "{not json", "not JSON")]
    [InlineData(ColumnKinds.Int32, "INTEGER", "text", "not an integer")]
    public void A_stored_value_without_a_form_in_the_type_is_refused_saying_why(string kind, string declared, object stored, string message)
    {
        var column = new CopyColumn(Column(declared, kind));
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SourceRows row = Select(connection, stored);
        Assert.True(row.Read());
        FormatException error = Assert.Throws<FormatException>(() => column.FromSqlite(row, 0));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The stored value as SQLite holds it, read through the copy's own statement reader (a literal of its storage class).</summary>
    private static SourceRows Select(SqliteConnection connection, object stored) => new(connection, "SELECT " + stored switch
    {
        long number => number.ToString(CultureInfo.InvariantCulture),
        double real => real.ToString("R", CultureInfo.InvariantCulture) is var text && text.IndexOfAny(['.', 'E']) < 0 ? text + ".0" : real.ToString("R", CultureInfo.InvariantCulture),
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => throw new ArgumentException("no literal for " + stored.GetType()),
    });
}
