using System;
using System.Collections.Generic;
using System.Linq;

namespace SqliteGen.Generator.Model;

/// <summary>
/// SQLG103: stored types that lose what the member means. SqliteGen's own mapping is lossless (docs/type-mapping.md:
/// decimal as exact text, ulong as the same 64 bits, DateTime with its kind), so what is left is the .NET type a
/// member was given: a binary floating-point member that holds money (by its name: Price, Amount, Cost, ...), where
/// 0.1 and most other decimal fractions have no exact value and sums drift by fractions of a cent.
/// </summary>
internal static class TypeAdvice
{
    /// <summary>Words of a member name (PascalCase parts, case-insensitive) that mean an amount of money.</summary>
    private static readonly HashSet<string> MoneyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "price", "prices", "cost", "costs", "amount", "amounts", "balance", "fee", "fees", "salary", "wage", "wages",
        "payment", "payments", "revenue", "subtotal", "money", "cash", "refund", "invoiced", "paid",
    };

    /// <summary>Words that make a money word a ratio or a measure, not an amount: TaxRate, CostFactor, FeePercent.</summary>
    private static readonly HashSet<string> RatioWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "rate", "rates", "ratio", "percent", "percentage", "pct", "factor", "share", "weight", "score", "multiplier", "index",
    };

    /// <summary>The word of <paramref name="column"/>'s name that means money, when it is a float or double; else null.</summary>
    public static string? MoneyInBinaryFloatingPoint(ColumnModel column)
    {
        if (column.Kind is not (ValueKind.Single or ValueKind.Double))
            return null;
        List<string> words = Words(column.MemberName).ToList();
        return words.Any(RatioWords.Contains) ? null : words.FirstOrDefault(MoneyWords.Contains);
    }

    /// <summary>PascalCase or snake_case words: <c>UnitPriceEur</c> is Unit, Price, Eur.</summary>
    internal static IEnumerable<string> Words(string name)
    {
        int start = 0;
        for (int i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '_' || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])))
            {
                if (i > start)
                    yield return name.Substring(start, i - start).Trim('_');
                start = i;
            }
        }
    }
}
