using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CsCheck;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Sql;

/// <summary>
/// The rewriter on random SQL: select lists of strings, E strings, dollar quotes, casts and parameters in the three forms,
/// with comments and quoted names between them, their contents drawn from the characters that matter (<c>$ : @ ' " - /
/// * \ ;</c>, <c>e</c>, newlines). Two properties: the rewritten text is the model's (each parameter replaced by the number
/// of its name's first use, everything else as written), and PostgreSQL itself, the oracle, returns every selected value
/// and every quoted column name as the model says, with the parameters bound to <c>$1</c>… in the order the rewriter
/// gives. Seeded: each seed is one fixed batch of statements, the same on every run (a CsCheck seed runs first, so one
/// iteration per seed keeps the run deterministic); CsCheck shrinks a failing batch and prints it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlParametersPropertyTests(PostgresServer server)
{
    private static readonly string[] Seeds = ["5eed0f5q1ite", "1eed0f5q1ite", "2eed0f5q1ite"];

    /// <summary>One selected expression: its SQL, the text PostgreSQL returns for it, and the parameter's name when it is one.</summary>
    public sealed record Piece(string Sql, string Value, string? Parameter);

    /// <summary>One select-list item: its expression, a comment after it or none, and a quoted column name or none.</summary>
    public sealed record Item(Piece Expression, string? Comment, string? Alias);

    /// <summary>No <c>t</c>, so <c>$t$</c> never occurs inside a <c>$t$</c> quote's content (nor does one end it early).</summary>
    private static readonly Gen<string> Content = Gen.String[Gen.Char["ab$:@'\"-/*\\;eE_1 \n"], 0, 12];

    private static readonly string[] ParameterNames = ["a", "b", "id", "x_1", "é"];

    private static readonly Gen<Piece> Parameter = Gen.Select(Gen.Char["$:@"], Gen.Int[0, ParameterNames.Length - 1], (prefix, n) =>
        new Piece(prefix + ParameterNames[n], "v:" + ParameterNames[n], ParameterNames[n]));

    private static readonly Gen<Piece> Expression = Gen.OneOf(
        Content.Select(s => new Piece("'" + s.Replace("'", "''") + "'", s, null)),
        Content.Select(s => new Piece("E'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'", s, null)),
        Content.Select(s => new Piece("$t$" + s + "$t$", s, null)),
        Content.Select(s => new Piece("$$" + s.Replace("$", "") + "$$", s.Replace("$", ""), null)),
        Gen.Int[0, 99].Select(n => new Piece($"'{n}'::int", n.ToString(CultureInfo.InvariantCulture), null)),
        Parameter,
        Parameter);

    private static readonly Gen<string?> Comment = Gen.OneOf(
        Gen.Const((string?)null),
        Content.Select(s => (string?)("-- " + s.Replace("\n", " ") + "\n")),
        Content.Select(s => (string?)("/* " + Block(s) + " */")),
        Gen.Select(Content, Content, (a, b) => (string?)("/* " + Block(a) + " /* " + Block(b) + " */ */")));

    private static readonly Gen<string?> Alias = Gen.OneOf(Gen.Const((string?)null), Gen.String[Gen.Char["ab$:@'\"-/*\\;eE_1 "], 1, 12].Select(s => (string?)s));

    private static readonly Gen<Item[]> Statement = Gen.Select(Expression, Comment, Alias, (e, c, a) => new Item(e, c, a)).Array[1, 8];

    private static readonly Gen<Item[][]> Batch = Statement.Array[150, 150];

    /// <summary>A block comment's content, without the <c>/*</c> and <c>*/</c> that would open or close one.</summary>
    private static string Block(string s) => s.Replace("*/", "* /").Replace("/*", "/ *");

    /// <summary>The statement, each expression written by <paramref name="write"/>.</summary>
    private static string Render(Item[] items, Func<Piece, string> write) =>
        "SELECT " + string.Join(", ", items.Select((item, i) =>
            write(item.Expression) + (item.Comment is null ? "" : " " + item.Comment) + " AS " + (item.Alias is null ? $"c{i}" : "\"" + item.Alias.Replace("\"", "\"\"") + "\"")));

    /// <summary>The model: the parameters' names in order of first use, and the statement with each replaced by its number.</summary>
    private static (string Sql, string[] Names) Model(Item[] items)
    {
        var names = new List<string>();
        string sql = Render(items, piece =>
        {
            if (piece.Parameter is null)
                return piece.Sql;
            if (!names.Contains(piece.Parameter))
                names.Add(piece.Parameter);
            return "$" + (names.IndexOf(piece.Parameter) + 1).ToString(CultureInfo.InvariantCulture);
        });
        return (sql, names.ToArray());
    }

    private static string Print(Item[][] batch) => string.Join("\n", batch.Select(items => Render(items, p => p.Sql)));

    [Fact]
    public void The_rewritten_text_is_the_models()
    {
        foreach (string seed in Seeds)
        {
            Batch.Sample(batch =>
            {
                foreach (Item[] items in batch)
                {
                    PostgreSqlParameters.Rewritten rewritten = PostgreSqlParameters.Rewrite(Render(items, p => p.Sql));
                    (string sql, string[] names) = Model(items);
                    Assert.Null(rewritten.Problem);
                    Assert.Equal(sql, rewritten.Sql);
                    Assert.Equal(names, rewritten.Names);
                    Assert.Equal("SELECT", rewritten.FirstWord);
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
        }
    }

    [Fact]
    public void PostgreSql_returns_every_value_and_name_the_model_says()
    {
        using var connection = new NpgsqlConnection(server.CreateDatabase());
        connection.Open();
        foreach (string seed in Seeds)
        {
            Batch.Sample(batch =>
            {
                foreach (Item[] items in batch)
                {
                    string original = Render(items, p => p.Sql);
                    PostgreSqlParameters.Rewritten rewritten = PostgreSqlParameters.Rewrite(original);
                    using var command = new NpgsqlCommand(rewritten.Sql, connection);
                    foreach (string name in rewritten.Names)
                        command.Parameters.Add(new NpgsqlParameter { Value = "v:" + name, NpgsqlDbType = NpgsqlDbType.Text });
                    using NpgsqlDataReader reader = command.ExecuteReader();
                    Assert.True(reader.Read(), original);
                    Assert.Equal(items.Length, reader.FieldCount);
                    for (int i = 0; i < items.Length; i++)
                    {
                        Assert.Equal(items[i].Alias ?? $"c{i}", reader.GetName(i));
                        Assert.Equal(items[i].Expression.Value, Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                    }
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
        }
    }
}
