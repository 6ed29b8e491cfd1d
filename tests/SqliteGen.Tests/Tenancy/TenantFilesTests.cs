using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SqliteGen.Tests.Tenancy;

/// <summary>Tenant ids: the safe set maps to a file inside the root; everything else is refused before any file is touched.</summary>
public sealed class TenantFilesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> BadIds => new()
    {
        { "", "empty" },
        { "..", "dot" },
        { ".", "dot" },
        { "../escape", "dot" },
        { "a/b", "path separator" },
        { "a\\b", "path separator" },
        { "/etc/passwd", "start with a letter or digit" },
        { "a\0b", "NUL" },
        { "c:", "colon" },
        { "c:evil", "colon" },
        { "con", "device name" },
        { "nul", "device name" },
        { "com1", "device name" },
        { "lpt9", "device name" },
        { "aux", "device name" },
        { "Alice", "uppercase" },
        { "alice.db", "dot" },
        { "alice ", "U+0020" },
        { " alice", "start with a letter or digit" },
        { "-alice", "start with a letter or digit" },
        { "_alice", "start with a letter or digit" },
        { "a\u2215b", "U+2215" }, // division slash
        { "a\u2044b", "U+2044" }, // fraction slash
        { "a\uFF0Fb", "U+FF0F" }, // fullwidth solidus
        { "a\uFF3Cb", "U+FF3C" }, // fullwidth reverse solidus
        { "a\u29F8b", "U+29F8" }, // big solidus
        { "a\u2024\u2024b", "U+2024" }, // one dot leader, twice
        { "\uFF41lice", "U+FF41" }, // fullwidth a
        { "caf\u00e9", "U+00E9" },
        { "a\u200Bb", "U+200B" }, // zero-width space
        { "a\nb", "U+000A" },
        { new string('a', 65), "limit is 64" },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public void A_bad_id_is_refused_with_the_reason_and_nothing_is_created(string id, string reason)
    {
        string root = Path.Combine(_folder.Path, "tenants");
        Directory.CreateDirectory(root);

        var error = Assert.Throws<InvalidTenantIdException>(() => TenantFiles.GetPath(root, id));
        Assert.Equal(id, error.TenantId);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain('\0', error.Message);
        Assert.Equal(new[] { root }, Directory.GetFileSystemEntries(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("user_42")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("a")]
    [InlineData("com10")]
    [InlineData("console")]
    public void A_safe_id_maps_to_its_own_file_directly_inside_the_root(string id)
    {
        string root = Path.Combine(_folder.Path, "tenants");
        string path = TenantFiles.GetPath(root, id);
        Assert.Equal(Path.Combine(Path.GetFullPath(root), id + ".db"), path);
    }

    [Fact]
    public void The_longest_id_is_accepted_and_distinct_ids_never_share_a_file()
    {
        string root = _folder.Path;
        Assert.EndsWith(new string('z', 64) + ".db", TenantFiles.GetPath(root, new string('z', 64)));
        string[] ids = { "a-b", "a_b", "ab", "a-b-", "a--b" };
        Assert.Equal(ids.Length, ids.Select(id => TenantFiles.GetPath(root, id)).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
