using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Import;

/// <summary>
/// The record reader across buffer boundaries: a stream that hands out a few bytes per read makes every record, string,
/// escape and separator straddle a refill; large inputs make the buffer compact and grow.
/// </summary>
public sealed class ImportStreamTests : ImportTest
{
    private static SeedPattern Pattern(int i) => new(
        $"p{i:D6}",
        i % 3 == 0 ? "braces {in} \"quotes\" and \\ backslash" : "hello",
        string.Concat(Enumerable.Repeat("long text ", i % 50)) + (i % 7 == 0 ? "\u00e9\U0001F600\n[line]" : ""),
        i / 1000.0,
        "intent" + (i % 5),
        i,
        new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(i % 3)).AddTicks(i));

    private static string Json(SeedPattern p) =>
        $"{{\"fragment_id\":{JsonSerializer.Serialize(p.FragmentId)},\"trigger_context\":{JsonSerializer.Serialize(p.TriggerContext)}," +
        $"\"response_text\":{JsonSerializer.Serialize(p.ResponseText)},\"success_score\":{p.SuccessScore.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}," +
        $"\"intent\":\"{p.Intent}\",\"usage_count\":{p.UsageCount},\"created_at\":\"{p.CreatedAt:yyyy-MM-ddTHH:mm:ss.fffffffzzz}\"}}";

    [Theory]
    [InlineData(JsonImportFormat.NdJson, 3)]
    [InlineData(JsonImportFormat.JsonArray, 5)]
    [InlineData(JsonImportFormat.TinyDb, 11)]
    public async Task Records_straddling_every_refill_are_read_whole(JsonImportFormat format, int bytesPerRead)
    {
        const int Count = 1500;
        SeedPattern[] patterns = Enumerable.Range(0, Count).Select(Pattern).ToArray();
        string text = format switch
        {
            JsonImportFormat.NdJson => string.Join("\r\n", patterns.Select(Json)) + "\n\n",
            JsonImportFormat.JsonArray => "\uFEFF[\n" + string.Join(",\n  ", patterns.Select(Json)) + "\n]\n",
            _ => "{\"_default\": {}, \"response_patterns\": {" + string.Join(", ", patterns.Select((p, i) => $"\"{i + 1}\": {Json(p)}")) + "}, \"other\": {\"1\": {}}}",
        };
        var options = new JsonImportOptions { Format = format, TinyDbTable = "response_patterns", BatchSize = 97 };

        ImportSummary summary = format == JsonImportFormat.JsonArray
            ? await Db.ResponsePatterns.ImportJsonAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), bytesPerRead), options)
            : Db.ResponsePatterns.ImportJson(new TrickleStream(Encoding.UTF8.GetBytes(text), bytesPerRead), options);

        Assert.Equal((Count, Count), (summary.Read, summary.Inserted));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), summary.Bytes); // a completed run consumed the whole input, BOM included
        Assert.Equal(patterns, Db.ResponsePatterns.All().OrderBy(p => p.FragmentId, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_record_larger_than_the_buffer_is_read_and_an_error_after_it_still_names_its_line()
    {
        SeedPattern big = Pattern(1) with { ResponseText = new string('x', 300_000) };
        string text = Json(Pattern(0)) + "\n" + Json(big) + "\n" + Json(Pattern(2)).Replace("\"usage_count\":2", "\"usage_count\":\"2\"") + "\n";

        var error = Assert.Throws<ImportException>(() => Db.ResponsePatterns.ImportJson(new TrickleStream(Encoding.UTF8.GetBytes(text), 40_000)));
        Assert.Equal((3L, "usage_count"), (error.Line, error.Field));

        ImportSummary summary = Db.ResponsePatterns.ImportJson(new TrickleStream(Encoding.UTF8.GetBytes(text), 40_000), new JsonImportOptions { OnInvalid = ImportInvalidPolicy.Skip });
        Assert.Equal((3L, 2L, 1L), (summary.Read, summary.Inserted, summary.Failed));
        Assert.Equal(300_000, Db.ResponsePatterns.Get("p000001").ResponseText.Length);
    }

    /// <summary>A read-only stream returning at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int bytesPerRead) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(bytesPerRead, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
