using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG103: a float or double member whose name says it holds money is reported on the member (info). The types
/// SqliteGen stores losslessly (decimal, ulong, DateTime, DateTimeOffset, float itself) and measures that are not
/// amounts (a rate, a score) are left alone.
/// </summary>
public sealed class LossyTypeTests
{
    private const string Head = "using System;\nusing SqliteGen;\n\nnamespace App;\n\n[SqliteDatabase] public partial class ShopDb;\n";

    [Theory]
    [InlineData("[Table] public partial record Order([PrimaryKey] long Id, double [|Price|]);", "Order.Price", "Price", "double")]
    [InlineData("[Table] public partial record Order([PrimaryKey] long Id, float? [|UnitPrice|]);", "Order.UnitPrice", "Price", "float")]
    [InlineData("[Table] public partial record Order([PrimaryKey] long Id, double [|AmountPaid|], string Note);", "Order.AmountPaid", "Amount", "double")]
    [InlineData("[Table] public partial record Account\n{\n    [PrimaryKey] public long Id { get; init; }\n    [Indexed] public double [|Balance|] { get; init; }\n}", "Account.Balance", "Balance", "double")]
    [InlineData("[Table] public partial record Line([PrimaryKey] long Id, [Column(\"shipping\")] double [|ShippingCost|]);", "Line.ShippingCost", "Cost", "double")]
    public void Money_in_binary_floating_point_is_reported_on_the_member(string declaration, string member, string word, string type)
    {
        Diagnostic diagnostic = Harness.SingleAdvice(Head + declaration, "SQLG103");
        Assert.StartsWith($"Member '{member}' looks like money ('{word}') but is a {type}: binary floating point", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("use decimal", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> Silent => new[]
    {
        // Money in types SqliteGen stores exactly.
        "[Table] public partial record Order([PrimaryKey] long Id, decimal Price, long AmountCents, decimal? Balance);",
        // Lossless mappings the rule does not second-guess: ulong (the same 64 bits), DateTime (kind kept), DateTimeOffset, float.
        "[Table] public partial record Thing([PrimaryKey] long Id, ulong Big, DateTime At, DateTimeOffset When, float Ratio, double Latitude);",
        // Not amounts: a rate, a percentage, a score, a weight next to a money word.
        "[Table] public partial record Order([PrimaryKey] long Id, double TaxRate, double FeePercent, double PriceScore, float CostWeight, double Tax);",
        // Words inside other words do not count (Priceless is not Price; Amounts of a plain double named Total are not judged).
        "[Table] public partial record Order([PrimaryKey] long Id, double Priceless, double Total, double Costly);",
        // Not stored: nothing to advise.
        "[Table] public partial record Order([PrimaryKey] long Id)\n{\n    [Ignore] public double Price { get; init; }\n}",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Silent))]
    public void Exact_types_and_measures_that_are_not_money_are_left_alone(string declaration)
    {
        Assert.Empty(Harness.GenerateAndAnalyze(Head + declaration).Diagnostics);
    }
}
