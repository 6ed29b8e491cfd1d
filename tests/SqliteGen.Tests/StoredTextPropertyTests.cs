using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;
using Microsoft.Data.Sqlite;
using SqliteGen.Runtime;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// The stored-text readers' fast paths against the BCL's parsers, on what SqliteGen writes and on anything else another
/// tool may have stored. Dates: the fast path (<see cref="SqliteValues.TryParseUtcText"/>: SqliteGen's own date text parsed from
/// SQLite's UTF-8 bytes, everything else left to DateTime's parser) against the oracle, the BCL's parsers as the reader
/// used them before the fast path: <c>DateTime.TryParseExact</c> with <see cref="SqliteValues.UtcText"/>, then
/// <c>DateTime.Parse</c> / <c>DateTimeOffset.Parse</c>. Properties (CsCheck): every DateTime (all ticks, every kind) and
/// DateTimeOffset (offsets -14 h .. +14 h) as SqliteGen writes it takes the fast path and reads as the BCL reads it; on
/// malformed and odd text (cut short, extra characters, leap seconds, <c>t</c>/<c>z</c>, offsets, fields out of range,
/// non-ASCII digits) the fast path either reads what the BCL reads or declines, never a different value and never an
/// exception. Guids (<see cref="GuidText"/>): every Guid's text, in either case, reads as <c>Guid.ParseExact(text, "D")</c>
/// reads it, and odd text as the BCL reads it or is declined. The "Through_SQLite" tests run the same texts through real
/// SQLite and the generated reader. Seeded: one batch per
/// seed, the same on every run (a CsCheck seed runs first, so one iteration per seed keeps the run deterministic);
/// CsCheck shrinks a failing batch and prints it.
/// </summary>
public sealed class StoredTextPropertyTests : IDisposable
{
    private static readonly string[] Seeds = ["5eed0f5q1ite", "1eed0f5q1ite", "2eed0f5q1ite"];

    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Ticks anywhere in DateTime's range, some cut to a whole number of 10^k ticks (the written fraction is trimmed).</summary>
    private static readonly Gen<long> Ticks = Gen.Select(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], Gen.Int[0, 10],
        (ticks, cut) => cut > 7 ? ticks : ticks - ticks % (long)Math.Pow(10, cut));

    private static readonly Gen<DateTime> DateTimes = Gen.Select(Ticks, Gen.Enum<DateTimeKind>(), (ticks, kind) => new DateTime(ticks, kind));

    private static readonly Gen<DateTimeOffset> DateTimeOffsets = Gen.Select(Ticks, Gen.Int[-14 * 60, 14 * 60], (utc, minutes) => (utc, minutes))
        .Where(v => v.utc + v.minutes * TimeSpan.TicksPerMinute is >= 0 and <= 3_155_378_975_999_999_999) // the local time exists
        .Select(v => new DateTimeOffset(v.utc + v.minutes * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(v.minutes)));

    /// <summary>What SqliteGen writes: a DateTime's or a DateTimeOffset's text.</summary>
    private static readonly Gen<string> Written = Gen.OneOf(DateTimes.Select(SqliteValues.FromDateTime), DateTimeOffsets.Select(SqliteValues.FromDateTimeOffset));

    /// <summary>Characters that matter to a date parser, non-ASCII digits and letters among them (no lone surrogates: UTF-8 has none).</summary>
    private const string Odd = "0123456789-: .TtZz+,/\0\t\u00e9\u0663\uff10\u00b2\u2212";

    /// <summary>The written shape built from fields that may be out of range: month 0 or 13, February 29 of any year, a 60th second, ...</summary>
    private static readonly Gen<string> Fields = Gen.Select(Gen.Int[0, 9999], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61],
        Gen.String[Gen.Char["0123456789"], 0, 9],
        (year, month, day, hour, minute, second, fraction) => string.Create(CultureInfo.InvariantCulture,
            $"{year:D4}-{month:D2}-{day:D2} {hour:D2}:{minute:D2}:{second:D2}{(fraction.Length > 0 || (year & 1) == 0 ? "." + fraction : "")}"));

    /// <summary>A written text changed once: cut, lengthened, a character replaced, removed or added, the separator changed, an offset added.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(Written, Gen.Int[0, 8], Gen.Int[0, 40], Gen.Char[Odd], Gen.String[Gen.Char[Odd], 1, 4],
        (text, change, at, c, more) =>
        {
            int i = at % (text.Length + 1);
            return change switch
            {
                0 => text[..i],
                1 => text + more,
                2 => i < text.Length ? text[..i] + c + text[(i + 1)..] : text + c,
                3 => i < text.Length ? text.Remove(i, 1) : text[..^1],
                4 => text.Insert(i, c.ToString()),
                5 => text.Replace(' ', "Tt"[i & 1]) + (i % 3 == 0 ? "Z" : i % 3 == 1 ? "z" : ""),
                6 => text + ((i % 4) switch { 0 => "+02:00", 1 => "-14:00", 2 => " +05:30", _ => "Z" }),
                7 => text[..17] + "60" + text[19..], // a leap second
                _ => more + text,
            };
        });

    private static readonly Gen<string> Texts = Gen.Frequency(
        (4, Written), (3, Fields), (6, Mutated), (1, Gen.String[Gen.Char[Odd], 0, 30]));

    private static string Print(string[] texts) => string.Join("\n", texts.Select(t => "\"" + t + "\""));

    /// <summary>The oracle's first step: the BCL's exact parse of <see cref="SqliteValues.UtcText"/>.</summary>
    private static bool BclExact(string text, out DateTime value) =>
        DateTime.TryParseExact(text, SqliteValues.UtcText, CultureInfo.InvariantCulture, Utc, out value);

    [Fact]
    public void The_fast_path_reads_every_written_text_as_the_BCL_does_and_on_any_other_text_agrees_or_declines()
    {
        foreach (string seed in Seeds)
        {
            Written.Array[5_000].Sample(texts =>
            {
                foreach (string text in texts)
                {
                    Assert.True(SqliteValues.TryParseUtcText(Encoding.UTF8.GetBytes(text), out DateTime fast), $"'{text}', as written, did not take the fast path");
                    Assert.True(BclExact(text, out DateTime bcl), text);
                    Assert.Equal((bcl.Ticks, bcl.Kind), (fast.Ticks, fast.Kind));
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);

            int declined = 0, agreed = 0;
            Texts.Array[20_000].Sample(texts =>
            {
                foreach (string text in texts)
                {
                    bool exact = BclExact(text, out DateTime bcl);
                    if (!SqliteValues.TryParseUtcText(Encoding.UTF8.GetBytes(text), out DateTime fast))
                    {
                        declined++;
                        continue; // deferred to the BCL
                    }
                    agreed++;
                    Assert.True(exact, $"'{text}' was read as {fast:O}, but DateTime.TryParseExact refuses it");
                    Assert.Equal((bcl.Ticks, bcl.Kind), (fast.Ticks, fast.Kind));
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
            Assert.True(declined > 2_000 && agreed > 2_000, $"seed {seed}: {agreed} texts read, {declined} declined: the generator is lopsided");
        }
    }

    /// <summary>A read's outcome: the value's ticks and kind (or offset), or the exception's type.</summary>
    private static string Outcome(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception error) when (error is FormatException or ArgumentOutOfRangeException)
        {
            return error.GetType().Name;
        }
    }

    private static string Of(DateTime value) => $"{value.Ticks} {value.Kind}";

    private static string Of(DateTimeOffset value) => $"{value.UtcTicks} {value.Offset}";

    /// <summary>The BCL's reading of a DateTime column's text, as the reader made it before the fast path.</summary>
    private static string BclDateTime(string text) =>
        Outcome(() => Of(BclExact(text, out DateTime exact) ? exact : DateTime.Parse(text, CultureInfo.InvariantCulture, Utc)));

    /// <summary>The BCL's reading of a DateTimeOffset column's text, as the reader made it before the fast path.</summary>
    private static string BclDateTimeOffset(string text) =>
        Outcome(() => Of(BclExact(text, out DateTime exact) ? new DateTimeOffset(exact, TimeSpan.Zero) : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));

    [Fact]
    public void Through_SQLite_the_generated_reader_reads_each_text_as_the_BCL_and_each_written_value_as_itself()
    {
        string path = _folder.File();
        using MonitorDb db = MonitorDb.Open(path);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        foreach (string seed in Seeds)
        {
            // Values written by the generated insert (the binder's UTF-8 text) read back as the same instants, and as the
            // BCL reads the text stored.
            Gen.Select(DateTimeOffsets, DateTimes).Array[300].Sample(values =>
            {
                foreach ((DateTimeOffset started, DateTime finished) in values)
                {
                    HealthCheck stored = db.Checks.Get(db.Checks.Insert(new HealthCheck(0, started, finished)).Id);
                    Assert.Equal(started.UtcTicks, stored.StartedTs.UtcTicks);
                    Assert.Equal(SqliteValues.Utc(finished).Ticks, stored.FinishedAt!.Value.Ticks);
                    (string startedText, string finishedText) = Stored(connection, stored.Id);
                    Assert.Equal(BclDateTimeOffset(startedText), Of(stored.StartedTs));
                    Assert.Equal(BclDateTime(finishedText), Of(stored.FinishedAt.Value));
                }
            }, seed: seed, iter: 1, threads: 1, print: values => string.Join("\n", values.Select(v => $"{v.Item1:O} {v.Item2:O} {v.Item2.Kind}")));

            // Any text, stored by another tool: a row holds it as the DateTimeOffset, another as the DateTime.
            Texts.Array[1_000].Sample(texts =>
            {
                long id = LastId(connection); // a batch of its own, also when CsCheck runs smaller ones after a failure
                using (SqliteTransaction transaction = connection.BeginTransaction())
                {
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO checks (id, started_ts, finished_at) VALUES ($id, $text, NULL), ($id + 1, '2026-12-06 00:00:00', $text)";
                    SqliteParameter idParameter = insert.Parameters.Add("$id", SqliteType.Integer);
                    SqliteParameter text = insert.Parameters.Add("$text", SqliteType.Text);
                    long next = id + 1;
                    foreach (string t in texts)
                    {
                        (idParameter.Value, text.Value) = (next, t);
                        insert.ExecuteNonQuery();
                        next += 2;
                    }
                    transaction.Commit();
                }
                foreach (string t in texts)
                {
                    Assert.Equal(t, Stored(connection, id + 1).Started); // the text is what SQLite holds, byte for byte
                    Assert.Equal(BclDateTimeOffset(t), Outcome(() => Of(db.Checks.Get(id + 1).StartedTs)));
                    Assert.Equal(BclDateTime(t), Outcome(() => Of(db.Checks.Get(id + 2).FinishedAt!.Value)));
                    id += 2;
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
        }
    }

    private static readonly Gen<Guid> Guids = Gen.Byte.Array[16].Select(bytes => new Guid(bytes));

    /// <summary>Characters that matter to a Guid parser: hex digits of both cases, their neighbours, signs, braces, spaces, non-ASCII.</summary>
    private const string OddHex = "0123456789abcdefABCDEFgG@`/:-+x{}() \0\u00e9\uff10";

    /// <summary>A Guid's text, in upper case, or changed once: cut, lengthened, a character replaced, removed or added, wrapped.</summary>
    private static readonly Gen<string> GuidTexts = Gen.Select(Guids, Gen.Int[0, 7], Gen.Int[0, 40], Gen.Char[OddHex], (guid, change, at, c) =>
    {
        string text = guid.ToString("D");
        int i = at % (text.Length + 1);
        return change switch
        {
            0 => text,
            1 => text.ToUpperInvariant(),
            2 => text[..i],
            3 => text + c,
            4 => i < text.Length ? text[..i] + c + text[(i + 1)..] : c + text[1..],
            5 => i < text.Length ? text.Remove(i, 1) + c : text,
            6 => text.Insert(i, c.ToString())[..36],
            _ => "{" + text + "}",
        };
    });

    private static string Of(Guid value) => value.ToString("D");

    /// <summary>The BCL's reading of a Guid column's text, as the reader made it before the fast path.</summary>
    private static string BclGuid(string text) => Outcome(() => Of(Guid.ParseExact(text, "D")));

    [Fact]
    public void Every_Guid_text_reads_as_Guid_ParseExact_reads_it_and_odd_text_as_the_BCL_or_declined()
    {
        foreach (string seed in Seeds)
        {
            Guids.Array[5_000].Sample(guids =>
            {
                foreach (Guid guid in guids)
                {
                    foreach (string text in new[] { guid.ToString("D"), guid.ToString("D").ToUpperInvariant() })
                    {
                        Assert.True(GuidText.TryParse(Encoding.UTF8.GetBytes(text), out Guid fast), $"'{text}' did not take the fast path");
                        Assert.Equal(guid, fast);
                    }
                }
            }, seed: seed, iter: 1, threads: 1, print: guids => string.Join("\n", guids));

            int declined = 0, read = 0;
            GuidTexts.Array[20_000].Sample(texts =>
            {
                foreach (string text in texts)
                {
                    bool exact = Guid.TryParseExact(text, "D", out Guid bcl);
                    if (!GuidText.TryParse(Encoding.UTF8.GetBytes(text), out Guid fast))
                    {
                        declined++; // deferred to the BCL
                        continue;
                    }
                    read++;
                    Assert.True(exact, $"'{text}' was read as {fast}, but Guid.ParseExact refuses it");
                    Assert.Equal(bcl, fast);
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
            Assert.True(declined > 2_000 && read > 2_000, $"seed {seed}: {read} texts read, {declined} declined: the generator is lopsided");
        }
    }

    [Fact]
    public void Through_SQLite_the_generated_reader_reads_each_Guid_text_as_the_BCL()
    {
        string path = _folder.File();
        using LearningDb db = LearningDb.Open(path);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        int row = 0;
        foreach (string seed in Seeds)
        {
            GuidTexts.Array[1_000].Sample(texts =>
            {
                int first = row;
                using (SqliteTransaction transaction = connection.BeginTransaction())
                {
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.CommandText = "INSERT OR IGNORE INTO users (user_id, email, name, created_at) VALUES ($id, $email, 'n', '2026-12-06 00:00:00')";
                    SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
                    SqliteParameter email = insert.Parameters.Add("$email", SqliteType.Text);
                    foreach (string text in texts)
                    {
                        // a row per text (the same text twice is one key: the first row keeps it, the second finds none)
                        (id.Value, email.Value) = (text, "u" + row++);
                        insert.ExecuteNonQuery();
                    }
                    transaction.Commit();
                }
                using SqliteCommand stored = connection.CreateCommand();
                stored.CommandText = "SELECT user_id FROM users WHERE email = $email";
                SqliteParameter storedEmail = stored.Parameters.Add("$email", SqliteType.Text);
                for (int i = 0; i < texts.Length; i++)
                {
                    string email = "u" + (first + i);
                    storedEmail.Value = email;
                    if (stored.ExecuteScalar() is not string text)
                        continue; // a text stored before (the key is unique): no row has this email
                    Assert.Equal(texts[i], text);
                    Assert.Equal(BclGuid(text), Outcome(() => Of(db.Users.FindByEmail(email)!.UserId)));
                }
            }, seed: seed, iter: 1, threads: 1, print: Print);
        }
    }

    private static long LastId(SqliteConnection connection)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT coalesce(max(id), 0) FROM checks";
        return (long)select.ExecuteScalar()!;
    }

    private static (string Started, string Finished) Stored(SqliteConnection connection, long id)
    {
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT started_ts, coalesce(finished_at, '') FROM checks WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        using SqliteDataReader reader = select.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetString(1));
    }
}
