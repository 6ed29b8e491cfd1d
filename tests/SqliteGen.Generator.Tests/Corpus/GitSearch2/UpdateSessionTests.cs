// Corpus look-alike of toddlang/GitSearch2:test/GitSearch2.Repository.Tests/Unit/UpdateSessionTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Repository.Tests.Unit
{
    public sealed class UpdateSessionTests
    {
        public void Duration_is_known_once_ended()
        {
            var started = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var session = new UpdateSession { Id = Guid.NewGuid(), Repo = "r", Started = started };
            if (session.Duration is not null)
                throw new InvalidOperationException("no duration before the end");
            session.Ended = started.AddMinutes(3);
            if (session.Duration != TimeSpan.FromMinutes(3))
                throw new InvalidOperationException("three minutes");
        }
    }
}
