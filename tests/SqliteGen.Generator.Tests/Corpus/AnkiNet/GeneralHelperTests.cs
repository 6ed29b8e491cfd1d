// Corpus look-alike of salty-flower/Anki.NET.Next:tests/AnkiNet.Tests/GeneralHelperTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using AnkiNet.Helpers;

namespace AnkiNet.Tests;

public sealed class GeneralHelperTests
{
    public void Checksum_ignores_markup()
    {
        if (GeneralHelper.Checksum("<b>hola</b>") != GeneralHelper.Checksum("hola"))
            throw new InvalidOperationException("markup must not change the checksum");
    }
}
