using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace SqliteGen.Generator.Parsing;

/// <summary>The naming rules users see: snake_case columns, pluralized accessors, camelCase parameters.</summary>
internal static class Naming
{
    /// <summary><c>UserId</c> -> <c>user_id</c>, <c>HTTPServer</c> -> <c>http_server</c>, <c>Level2Name</c> -> <c>level2_name</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool acronymEnds = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((previousIsLowerOrDigit || acronymEnds) && builder.Length > 0 && builder[builder.Length - 1] != '_')
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary><c>response_patterns</c> -> <c>ResponsePatterns</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool upperNext = true;
        foreach (char c in name)
        {
            if (c == '_' || c == '-' || c == ' ' || c == '.')
            {
                upperNext = true;
                continue;
            }
            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return builder.ToString();
    }

    /// <summary>Plain English plurals: <c>User</c> -> <c>Users</c>, <c>Category</c> -> <c>Categories</c>, <c>Box</c> -> <c>Boxes</c>.</summary>
    public static string Pluralize(string name)
    {
        if (name.Length == 0)
            return name;
        if (EndsWith(name, "s") || EndsWith(name, "x") || EndsWith(name, "z") || EndsWith(name, "ch") || EndsWith(name, "sh"))
            return name + "es";
        if (name.Length > 1 && EndsWith(name, "y") && !IsVowel(name[name.Length - 2]))
            return name.Substring(0, name.Length - 1) + "ies";
        return name + "s";
    }

    /// <summary>A member name as a C# parameter name: <c>UserId</c> -> <c>userId</c>, <c>Class</c> -> <c>@class</c>.</summary>
    public static string ToParameterName(string memberName)
    {
        string name = memberName.Length > 0 && char.IsUpper(memberName[0])
            ? char.ToLowerInvariant(memberName[0]) + memberName.Substring(1)
            : memberName;
        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
    }

    /// <summary>A declared name as C# code must write it: <c>@class</c> for a member or parameter named <c>@class</c>.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static bool IsValidCSharpIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>Why <paramref name="name"/> cannot name a table, column or index, or null when it can.</summary>
    public static string? SqlNameProblem(string name)
    {
        if (name.Length == 0)
            return "the name is empty";
        if (name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            return "names beginning with 'sqlite_' are reserved by SQLite";
        foreach (char c in name)
        {
            if (c == '\0' || char.IsControl(c))
                return "the name contains a control character";
        }
        return null;
    }

    private static bool EndsWith(string name, string suffix) => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    private static bool IsVowel(char c) => "aeiouAEIOU".IndexOf(c) >= 0;

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static readonly IReadOnlyDictionary<string, string> ForeignKeyActions = new Dictionary<string, string>
    {
        ["0"] = "NO ACTION",
        ["1"] = "RESTRICT",
        ["2"] = "SET NULL",
        ["3"] = "SET DEFAULT",
        ["4"] = "CASCADE",
    };
}
