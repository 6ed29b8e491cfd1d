using Microsoft.CodeAnalysis;

namespace SqliteGen.Generator.Diagnostics;

/// <summary>
/// A diagnostic found while parsing. Only the analyzers turn these into <see cref="Diagnostic"/>s; the
/// generator just skips what is invalid, so no Location ever enters a cached model.
/// </summary>
internal sealed class DiagnosticInfo
{
    public DiagnosticInfo(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments)
    {
        Descriptor = descriptor;
        Location = location;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Location? Location { get; }

    public object?[] Arguments { get; }

    public Diagnostic ToDiagnostic(Location? fallback = null) =>
        Diagnostic.Create(Descriptor, Location ?? fallback ?? Microsoft.CodeAnalysis.Location.None, Arguments);
}
