using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SqliteGen.PostgreSql;

/// <summary>
/// A PostgreSQL snapshot as <c>pg_current_snapshot()::text</c> writes it, <c>xmin:xmax:xip,...</c>: the transactions it
/// sees as ended are those below <see cref="Xmax"/> and not in <see cref="InProgress"/> (every one below <see cref="Xmin"/>
/// had ended). A vector index is exact at one (<see cref="PostgreSqlVectorSearch{TKey}"/>), and two are compared by what
/// they see: a snapshot taken later sees everything one taken earlier saw.
/// </summary>
internal sealed class PgSnapshot
{
    private readonly ulong[] _inProgress; // ascending

    private PgSnapshot(ulong xmin, ulong xmax, ulong[] inProgress, string text)
    {
        Xmin = xmin;
        Xmax = xmax;
        _inProgress = inProgress;
        Text = text;
    }

    /// <summary>The oldest transaction still running when it was taken (every one below had ended).</summary>
    public ulong Xmin { get; }

    /// <summary>One past the newest ended transaction when it was taken (none from it on is seen).</summary>
    public ulong Xmax { get; }

    /// <summary>The transactions between <see cref="Xmin"/> and <see cref="Xmax"/> it does not see, ascending.</summary>
    public IReadOnlyList<ulong> InProgress => _inProgress;

    /// <summary>The text, as PostgreSQL reads it back (<c>$1::pg_snapshot</c>).</summary>
    public string Text { get; }

    /// <summary>Reads <c>pg_snapshot</c>'s text.</summary>
    /// <exception cref="FormatException">Not <c>xmin:xmax:xip,...</c>.</exception>
    public static PgSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':');
        if (parts.Length != 3)
            throw new FormatException($"'{text}' is not a PostgreSQL snapshot (xmin:xmax:xip,...).");
        ulong xmin = ulong.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        ulong xmax = ulong.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
        string[] listed = parts[2].Length == 0 ? [] : parts[2].Split(',');
        var inProgress = new ulong[listed.Length];
        for (int i = 0; i < listed.Length; i++)
            inProgress[i] = ulong.Parse(listed[i], NumberStyles.None, CultureInfo.InvariantCulture);
        Array.Sort(inProgress);
        return new PgSnapshot(xmin, xmax, inProgress, text);
    }

    /// <summary>Whether it sees <paramref name="xid"/> as ended (PostgreSQL's <c>pg_visible_in_snapshot</c>).</summary>
    public bool Sees(ulong xid) => xid < Xmin || (xid < Xmax && Array.BinarySearch(_inProgress, xid) < 0);

    /// <summary>
    /// Whether it sees every transaction <paramref name="other"/> sees (so a view of the data as of this snapshot is at
    /// least as new as one as of <paramref name="other"/>): of two snapshots taken one after the other, the later covers
    /// the earlier. Equal snapshots cover each other.
    /// </summary>
    public bool Covers(PgSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Seen by other and not by this, past this one's xmax: every id in [Xmax, other.Xmax) must be in other's list.
        if (other.Xmax > Xmax)
        {
            ulong unseen = 0;
            foreach (ulong xid in other._inProgress)
            {
                if (xid >= Xmax && xid < other.Xmax)
                    unseen++;
            }
            if (unseen != other.Xmax - Xmax)
                return false;
        }
        // Below other's xmax and not seen by this: other must not see it either.
        foreach (ulong xid in _inProgress)
        {
            if (xid < other.Xmax && other.Sees(xid))
                return false;
        }
        return true;
    }

    /// <summary>
    /// This snapshot as if <paramref name="xid"/> had not ended (added to its in-progress list; itself when it is not
    /// seen already). A transaction's own snapshot leaves its own id out of the list, so what it writes after would pass
    /// as seen by it: without it, the writes are read when they commit.
    /// </summary>
    public PgSnapshot Without(ulong xid)
    {
        if (!Sees(xid))
            return this;
        ulong xmin = Math.Min(Xmin, xid);
        var inProgress = new ulong[_inProgress.Length + 1];
        _inProgress.CopyTo(inProgress, 0);
        inProgress[^1] = xid;
        Array.Sort(inProgress);
        var text = new StringBuilder();
        text.Append(xmin.ToString(CultureInfo.InvariantCulture)).Append(':').Append(Xmax.ToString(CultureInfo.InvariantCulture)).Append(':');
        for (int i = 0; i < inProgress.Length; i++)
        {
            if (i > 0)
                text.Append(',');
            text.Append(inProgress[i].ToString(CultureInfo.InvariantCulture));
        }
        return new PgSnapshot(xmin, Xmax, inProgress, text.ToString());
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
