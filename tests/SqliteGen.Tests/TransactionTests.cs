using System;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

public sealed class TransactionTests : LearningDbTest
{
    [Fact]
    public void Write_commits_everything_and_the_transaction_sees_its_own_writes()
    {
        User user = NewUser("tx@example.com");
        long seenInside = Db.Write(tx =>
        {
            tx.Users.Insert(user);
            Assert.Equal(user, tx.Users.Get(user.UserId));
            return tx.Users.Count();
        });

        Assert.Equal(1, seenInside);
        Assert.Equal(user, Db.Users.Get(user.UserId));
    }

    [Fact]
    public void An_exception_inside_Write_rolls_everything_back()
    {
        Assert.Throws<InvalidOperationException>(() => Db.Write(tx =>
        {
            tx.Users.Insert(NewUser("one@example.com"));
            tx.Users.Insert(NewUser("two@example.com"));
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0, Db.Users.Count());
    }

    [Fact]
    public void BeginWrite_disposed_without_commit_rolls_back()
    {
        using (var tx = Db.BeginWrite())
        {
            tx.Users.Insert(NewUser("gone@example.com"));
        }
        Assert.Equal(0, Db.Users.Count());

        using (var tx = Db.BeginWrite())
        {
            tx.Users.Insert(NewUser("kept@example.com"));
            tx.Commit();
        }
        Assert.Equal(1, Db.Users.Count());
    }

    [Fact]
    public void Enumerating_All_again_inside_its_own_enumeration_on_one_transaction_is_an_error_and_leaves_it_usable()
    {
        Db.Users.Insert(NewUser("first@example.com"));
        using var tx = Db.BeginWrite();
        foreach (User outer in tx.Users.All())
        {
            // One connection, one prepared statement: it cannot run twice at once.
            Assert.Throws<InvalidOperationException>(() => tx.Users.All().GetEnumerator().MoveNext());
            Assert.Equal(outer, tx.Users.Find(outer.UserId)); // other statements still run
        }
        Assert.Single(tx.Users.All());
        tx.Commit();
    }

    [Fact]
    public void Readers_do_not_see_uncommitted_writes()
    {
        using var tx = Db.BeginWrite();
        tx.Users.Insert(NewUser("pending@example.com"));
        Assert.Equal(0, Db.Users.Count()); // a reader connection: WAL snapshot isolation
        tx.Rollback();
    }

    [Fact]
    public void A_failing_InsertMany_inside_a_transaction_undoes_only_itself()
    {
        Db.Write(tx =>
        {
            tx.Users.Insert(NewUser("first@example.com"));
            Assert.Throws<ConstraintViolationException>(() => tx.Users.InsertMany(new[] { NewUser("x@example.com"), NewUser("first@example.com") }));
            tx.Users.Insert(NewUser("second@example.com"));
        });

        Assert.Equal(2, Db.Users.Count());
        Assert.Null(Db.Users.FindByEmail("x@example.com"));
    }

    [Fact]
    public void Writing_through_the_database_inside_its_own_transaction_is_a_clear_error_not_a_deadlock()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Db.Write(tx => Db.Users.Insert(NewUser("wrong@example.com"))));
        Assert.Contains("tx.Users", error.Message);
        Assert.Equal(0, Db.Users.Count());
    }

    [Fact]
    public async Task WriteAsync_commits()
    {
        await Db.WriteAsync(async (tx, ct) =>
        {
            await tx.Users.InsertAsync(NewUser("async1@example.com"), ct);
            await tx.Users.InsertAsync(NewUser("async2@example.com"), ct);
        });
        Assert.Equal(2, await Db.Users.CountAsync());
    }

    [Fact]
    public void A_committed_transaction_cannot_be_used_again()
    {
        var tx = Db.BeginWrite();
        tx.Commit();
        var error = Assert.Throws<InvalidOperationException>(() => tx.Users.Count());
        Assert.Contains("already been committed or rolled back", error.Message);
        tx.Dispose();
    }
}
