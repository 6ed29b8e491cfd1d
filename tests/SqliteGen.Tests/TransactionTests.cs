using System;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

public sealed class TransactionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LearningDb _db;

    public TransactionTests() => _db = LearningDb.Open(_folder.File());

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static User NewUser(string email) => new(Guid.NewGuid(), email, "n", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Write_commits_everything_and_the_transaction_sees_its_own_writes()
    {
        User user = NewUser("tx@example.com");
        long seenInside = _db.Write(tx =>
        {
            tx.Users.Insert(user);
            Assert.Equal(user, tx.Users.Get(user.UserId));
            return tx.Users.Count();
        });

        Assert.Equal(1, seenInside);
        Assert.Equal(user, _db.Users.Get(user.UserId));
    }

    [Fact]
    public void An_exception_inside_Write_rolls_everything_back()
    {
        Assert.Throws<InvalidOperationException>(() => _db.Write(tx =>
        {
            tx.Users.Insert(NewUser("one@example.com"));
            tx.Users.Insert(NewUser("two@example.com"));
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0, _db.Users.Count());
    }

    [Fact]
    public void BeginWrite_disposed_without_commit_rolls_back()
    {
        using (var tx = _db.BeginWrite())
        {
            tx.Users.Insert(NewUser("gone@example.com"));
        }
        Assert.Equal(0, _db.Users.Count());

        using (var tx = _db.BeginWrite())
        {
            tx.Users.Insert(NewUser("kept@example.com"));
            tx.Commit();
        }
        Assert.Equal(1, _db.Users.Count());
    }

    [Fact]
    public void Readers_do_not_see_uncommitted_writes()
    {
        using var tx = _db.BeginWrite();
        tx.Users.Insert(NewUser("pending@example.com"));
        Assert.Equal(0, _db.Users.Count()); // a reader connection: WAL snapshot isolation
        tx.Rollback();
    }

    [Fact]
    public void A_failing_InsertMany_inside_a_transaction_undoes_only_itself()
    {
        _db.Write(tx =>
        {
            tx.Users.Insert(NewUser("first@example.com"));
            Assert.Throws<ConstraintViolationException>(() => tx.Users.InsertMany(new[] { NewUser("x@example.com"), NewUser("first@example.com") }));
            tx.Users.Insert(NewUser("second@example.com"));
        });

        Assert.Equal(2, _db.Users.Count());
        Assert.Null(_db.Users.FindByEmail("x@example.com"));
    }

    [Fact]
    public void Writing_through_the_database_inside_its_own_transaction_is_a_clear_error_not_a_deadlock()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _db.Write(tx => _db.Users.Insert(NewUser("wrong@example.com"))));
        Assert.Contains("tx.Users", error.Message);
        Assert.Equal(0, _db.Users.Count());
    }

    [Fact]
    public async Task WriteAsync_commits()
    {
        await _db.WriteAsync(async (tx, ct) =>
        {
            await tx.Users.InsertAsync(NewUser("async1@example.com"), ct);
            await tx.Users.InsertAsync(NewUser("async2@example.com"), ct);
        });
        Assert.Equal(2, await _db.Users.CountAsync());
    }

    [Fact]
    public void A_committed_transaction_cannot_be_used_again()
    {
        var tx = _db.BeginWrite();
        tx.Commit();
        var error = Assert.Throws<InvalidOperationException>(() => tx.Users.Count());
        Assert.Contains("already been committed or rolled back", error.Message);
        tx.Dispose();
    }
}
