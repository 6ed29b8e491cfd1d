using System;
using System.ComponentModel;
using System.Text;

namespace SqliteGen.Runtime;

/// <summary>
/// The JSON property names an entity's import accepts: for member <c>i</c>, its column name and its C# member name,
/// both compared case-insensitively (<c>user_id</c>, <c>UserId</c>, <c>USERID</c>). Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImportFields
{
    private readonly byte[][] _columns;
    private readonly byte[][] _members;

    /// <summary><paramref name="columns"/>[i] and <paramref name="members"/>[i] name the same member.</summary>
    public ImportFields(string[] columns, string[] members)
    {
        if (columns.Length != members.Length)
            throw new ArgumentException("One column name per member name.", nameof(members));
        Columns = columns;
        _columns = Array.ConvertAll(columns, Encoding.UTF8.GetBytes);
        _members = Array.ConvertAll(members, Encoding.UTF8.GetBytes);
    }

    /// <summary>The column names: what errors call the fields.</summary>
    public string[] Columns { get; }

    /// <summary>The member index a property name means, or -1.</summary>
    /// <param name="name">The property name, UTF-8, unescaped.</param>
    /// <param name="hint">Where to look first: records usually list their fields in the same order.</param>
    public int Find(ReadOnlySpan<byte> name, int hint)
    {
        if ((uint)hint < (uint)_columns.Length && (Same(name, _columns[hint]) || Same(name, _members[hint])))
            return hint;
        for (int i = 0; i < _columns.Length; i++)
        {
            if (Same(name, _columns[i]) || Same(name, _members[i]))
                return i;
        }
        return -1;
    }

    private static bool Same(ReadOnlySpan<byte> name, byte[] known)
    {
        if (name.Length != known.Length)
            return false;
        for (int i = 0; i < name.Length; i++)
        {
            byte a = name[i];
            byte b = known[i];
            if (a == b)
                continue;
            // ASCII letters only; other bytes must match exactly (names outside ASCII compare ordinally).
            if ((a | 0x20) != (b | 0x20) || (uint)((a | 0x20) - 'a') > 'z' - 'a')
                return false;
        }
        return true;
    }
}
