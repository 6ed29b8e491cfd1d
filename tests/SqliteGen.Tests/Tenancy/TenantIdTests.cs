using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Tenancy;

/// <summary>
/// <see cref="TenantId"/>: what a user does with an external id (<c>ForTenant("Alice")</c>, an upper-case Guid) and the
/// documented way to map it. The expected hashes were computed with Python (<c>hashlib.sha256(s.encode()).hexdigest()[:16]</c>),
/// not by this code.
/// </summary>
public sealed class TenantIdTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void An_external_name_is_refused_as_it_is_and_works_through_TenantId_From()
    {
        using PatternsDb db = PatternsDb.Open(_folder.File("base.db"));
        var refused = Assert.Throws<InvalidTenantIdException>(() => db.ForTenant("Alice"));
        Assert.Contains("TenantId.From", refused.Message);

        string id = TenantId.From("Alice");
        Assert.Equal("alice-3bc51062973c458d", id);
        using (PatternsDb.TenantView alice = db.ForTenant(id))
            alice.UserNotes.Insert(new UserNote(0, "hello", "from Alice"));
        Assert.True(File.Exists(Path.Combine(db.TenantFolder, "alice-3bc51062973c458d.db")));

        using PatternsDb.TenantView again = db.ForTenant(TenantId.From("Alice"));
        Assert.Equal("from Alice", again.UserNotes.FindBySlug("hello")!.Text);
        using PatternsDb.TenantView lower = db.ForTenant(TenantId.From("alice"));
        Assert.Null(lower.UserNotes.FindBySlug("hello")); // "alice" is another tenant: the mapping is case-sensitive
    }

    [Theory]
    [InlineData("Alice", "alice-3bc51062973c458d")]
    [InlineData("alice", "alice-2bd806c97f0e00af")]
    [InlineData("../etc/passwd", "etc-passwd-7fef78f53440346c")]
    [InlineData("名前", "7ec26292414bccef")]
    [InlineData("CON", "con-a3dbc4b644a9a2c5")]
    public void The_mapping_is_a_readable_prefix_and_the_SHA_256_of_the_text(string external, string expected)
    {
        Assert.Equal(expected, TenantId.From(external));
        Assert.True(TenantFiles.IsValid(expected));
    }

    [Fact]
    public void Any_text_maps_into_the_safe_set_and_different_texts_to_different_ids()
    {
        string[] texts =
        {
            "a", "A", "a ", " a", "a\0", "a/b", "a\\b", "..", ".", "nul", "com1", "LPT1", "\u2215", "x\u0301",
            new string('z', 10_000), new string('z', 10_001), "user@example.com", "User@Example.com", "-", "_", "--a--",
        };
        string[] ids = texts.Select(TenantId.From).ToArray();
        Assert.All(ids, id => Assert.True(TenantFiles.IsValid(id), id));
        Assert.All(ids, id => Assert.True(id.Length <= TenantFiles.MaxLength, id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Throws<ArgumentException>(() => TenantId.From(""));
    }

    [Fact]
    public void A_guid_in_either_case_names_one_tenant()
    {
        Guid id = Guid.Parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
        Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", TenantId.From(id));
        Assert.Equal(TenantId.From(id), TenantId.From(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301")));
        Assert.Equal("42", TenantId.From(42L));
        Assert.Equal("n9223372036854775808", TenantId.From(long.MinValue));
        Assert.All(new[] { TenantId.From(id), TenantId.From(long.MaxValue) }, t => Assert.True(TenantFiles.IsValid(t)));
    }
}
