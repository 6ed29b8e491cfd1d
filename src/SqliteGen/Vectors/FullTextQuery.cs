using System;
using System.ComponentModel;
using System.Text;

namespace SqliteGen.Runtime;

/// <summary>
/// Turns the text a user typed into an FTS5 query that cannot be a syntax error: every whitespace-separated
/// word becomes a quoted string (a phrase, so <c>e-mail</c> matches "e mail"), and the words are joined with
/// <c>OR</c>, so a row matching more of them (or rarer ones) ranks higher by bm25.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FullTextQuery
{
    /// <summary>The FTS5 query for <paramref name="text"/>; checks <paramref name="limit"/> too.</summary>
    /// <exception cref="ArgumentException">The text has no letter or digit to search for.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public static string FromWords(string text, int limit, string table)
    {
        var query = new StringBuilder();
        foreach (string word in Words(text, limit, table))
        {
            if (query.Length > 0)
                query.Append(" OR ");
            query.Append('"').Append(word.Replace("\"", "\"\"")).Append('"');
        }
        return query.ToString();
    }

    /// <summary>
    /// The words of <paramref name="text"/> a search looks for: its whitespace-separated words with a letter or digit
    /// (punctuation alone is no token for FTS5's tokenizer), in order; checks <paramref name="limit"/> too. PostgreSQL's
    /// search makes the same OR of phrases from them.
    /// </summary>
    /// <exception cref="ArgumentException">The text has no letter or digit to search for.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public static string[] Words(string text, int limit, string table)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (limit < 1)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A full-text search of {table} needs a limit of at least 1; it was {limit}.");
        string[] words = Array.FindAll(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), HasLetterOrDigit);
        if (words.Length == 0)
            throw new ArgumentException($"A full-text search of {table} needs at least one word with a letter or digit; '{text}' has none.", nameof(text));
        return words;
    }

    private static bool HasLetterOrDigit(string word)
    {
        foreach (char c in word)
        {
            if (char.IsLetterOrDigit(c))
                return true;
        }
        return false;
    }
}
