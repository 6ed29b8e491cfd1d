using System.Collections.Generic;

namespace SqliteGen.Generator.Queries.Lexing;

/// <summary>
/// SQLG302's check, on tokens (<see cref="SqlTokenizer"/>): an UPDATE or DELETE statement without a WHERE at its own
/// level (a subquery's WHERE does not filter the rows written), also inside a trigger's body. Needs no schema, so any
/// SQL text can be checked: the generator checks a <c>[Query]</c>'s SQL with it, and the analyzers the SQL user code
/// hands to ADO.NET, Dapper or <c>db.Sql</c>.
/// </summary>
internal static class UnfilteredWrites
{
    /// <summary>
    /// The first UPDATE or DELETE statement of <paramref name="sql"/> (statements split at <c>;</c>, a leading WITH
    /// clause skipped) that has no WHERE: its verb (<c>UPDATE</c> or <c>DELETE</c>), the table as written and the
    /// verb's offset; null when there is none, or when the text cannot be read as SQL tokens.
    /// </summary>
    public static (string Verb, string Table, int Offset)? Find(string sql)
    {
        List<SqlToken> tokens;
        try
        {
            tokens = SqlTokenizer.Tokenize(sql);
        }
        catch (SqlSyntaxException)
        {
            return null;
        }
        int start = 0;
        while (start < tokens.Count && tokens[start].Kind != SqlTokenKind.End)
        {
            int end = StatementEnd(tokens, start);
            if (Unfiltered(tokens, start, end) is { } write)
                return write;
            start = end + 1;
        }
        return null;
    }

    /// <summary>The index of the <c>;</c> at depth 0 (or the end token) that ends the statement starting at <paramref name="start"/>.</summary>
    private static int StatementEnd(List<SqlToken> tokens, int start)
    {
        int depth = 0;
        for (int i = start; i < tokens.Count; i++)
        {
            SqlToken token = tokens[i];
            if (token.Kind == SqlTokenKind.End || (depth == 0 && token.IsSymbol(";")))
                return i;
            depth += token.IsSymbol("(") ? 1 : token.IsSymbol(")") ? -1 : 0;
        }
        return tokens.Count - 1;
    }

    private static (string Verb, string Table, int Offset)? Unfiltered(List<SqlToken> tokens, int start, int end)
    {
        // EXPLAIN [QUERY PLAN] describes the statement and runs none of it.
        if (tokens[start].IsWord("EXPLAIN"))
            return null;
        // CREATE [TEMP] TRIGGER ... BEGIN: the trigger's event (AFTER DELETE ON t) writes nothing; its first body
        // statement follows BEGIN, and each further one is a statement of its own after a ';'.
        if (TriggerBody(tokens, start, end) is int body)
            start = body;
        // The statement's verb: its first word at depth 0 that can start a statement (after WITH's definitions).
        int depth = 0;
        int verb = -1;
        for (int i = start; i < end && verb < 0; i++)
        {
            SqlToken token = tokens[i];
            depth += token.IsSymbol("(") ? 1 : token.IsSymbol(")") ? -1 : 0;
            if (depth == 0 && (token.IsWord("UPDATE") || token.IsWord("DELETE") || token.IsWord("SELECT") || token.IsWord("INSERT")
                || token.IsWord("REPLACE") || token.IsWord("VALUES")))
                verb = i;
        }
        if (verb < 0 || !(tokens[verb].IsWord("UPDATE") || tokens[verb].IsWord("DELETE")))
            return null;
        depth = 0;
        for (int i = verb + 1; i < end; i++)
        {
            depth += tokens[i].IsSymbol("(") ? 1 : tokens[i].IsSymbol(")") ? -1 : 0;
            if (depth == 0 && tokens[i].IsWord("WHERE"))
                return null;
        }
        // UPDATE [OR action] table ...; DELETE FROM table ...
        int table = verb + 1;
        if (tokens[verb].IsWord("UPDATE") && table < end && tokens[table].IsWord("OR"))
            table += 2;
        else if (tokens[verb].IsWord("DELETE") && table < end && tokens[table].IsWord("FROM"))
            table++;
        string name = table < end ? tokens[table].Value : "";
        if (table + 2 < end && tokens[table + 1].IsSymbol(".") && tokens[table + 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName)
            name += "." + tokens[table + 2].Value; // schema.table
        return (tokens[verb].Value.ToUpperInvariant(), name, tokens[verb].Start);
    }

    /// <summary>
    /// For a <c>CREATE [TEMP|TEMPORARY] TRIGGER</c> statement, the index after its <c>BEGIN</c> (<paramref name="end"/>
    /// when there is none); null for any other statement.
    /// </summary>
    private static int? TriggerBody(List<SqlToken> tokens, int start, int end)
    {
        int next = start + 1;
        if (!tokens[start].IsWord("CREATE"))
            return null;
        if (next < end && (tokens[next].IsWord("TEMP") || tokens[next].IsWord("TEMPORARY")))
            next++;
        if (next >= end || !tokens[next].IsWord("TRIGGER"))
            return null;
        for (int i = next + 1; i < end; i++)
        {
            if (tokens[i].IsWord("BEGIN"))
                return i + 1;
        }
        return end;
    }
}
