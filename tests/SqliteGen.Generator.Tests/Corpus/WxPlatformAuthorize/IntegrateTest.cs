// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI.Test/IntegrateTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using WxPlatformAuthorize.Service;

namespace WxPlatformAuthorize.WebAPI.Test
{
    public sealed class IntegrateTest : IntegrateTestBase
    {
        public void Latest_ticket_wins()
        {
            var service = new AuthorizeService(Repository, "wx123");
            service.SaveTicket("first");
            service.SaveTicket("second");
            if (service.LatestTicket()?.Ticket != "second")
                throw new InvalidOperationException("the newest ticket should be returned");
        }

        public void Events_are_recorded_per_authorizer()
        {
            var service = new AuthorizeService(Repository, "wx123");
            service.RecordEvent("authorized", "wxA", "code");
            service.RecordEvent("authorized", "wxB", "code");
            if (service.EventsFor("wxA").Count != 1)
                throw new InvalidOperationException("one event for wxA");
        }
    }
}
