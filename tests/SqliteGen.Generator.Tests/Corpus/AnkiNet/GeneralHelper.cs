// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/Helpers/GeneralHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Security.Cryptography;
using System.Text;

namespace AnkiNet.Helpers;

internal static class GeneralHelper
{
    /// <summary>The first eight hex digits of the SHA-1 of the first field, as Anki's duplicate check reads them.</summary>
    internal static long Checksum(string firstField)
    {
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes(StripHtml(firstField)));
        return Convert.ToInt64(Convert.ToHexString(hash, 0, 4), 16);
    }

    internal static string StripHtml(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool inTag = false;
        foreach (char c in text)
        {
            if (c == '<') inTag = true;
            else if (c == '>') inTag = false;
            else if (!inTag) builder.Append(c);
        }
        return builder.ToString();
    }

    internal static string Guid64() => Convert.ToBase64String(Guid.NewGuid().ToByteArray(), 0, 8).TrimEnd('=');
}
