using System;
using SqliteGen.Tests.Entities;

namespace SqliteGen.Tests;

/// <summary>A fresh LearningDb file per test, closed and deleted afterwards.</summary>
public abstract class LearningDbTest : IDisposable
{
    private readonly TempFolder _folder = new();

    protected LearningDbTest() => Db = LearningDb.Open(_folder.File());

    protected LearningDb Db { get; }

    protected static User NewUser(string email) =>
        new(Guid.NewGuid(), email, "Ada " + email, new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567));

    public void Dispose()
    {
        Db.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
